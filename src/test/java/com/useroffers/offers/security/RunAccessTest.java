package com.useroffers.offers.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.topology.OffersTopology;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** What run says when Kafka Streams itself meets a denial, and which internal topics it checks. */
class RunAccessTest {

    private static final AclPlan.Names NAMES = new AclPlan.Names("app", "in", "state", "dlq", true);
    private static final Map<String, String> SCRAM = Map.of("sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"s3cret\";");

    @Test
    void shouldNameTheInternalTopicsOfTheTopologyByTheirFullNames() {
        // Given
        final OffersConfig keyed = ConfigLoader.loadConfig(null, Map.of(), Map.of("application.id", "app"));
        final OffersConfig repartitioned = ConfigLoader.loadConfig(null, Map.of(),
                Map.of("application.id", "app", "offers.input.keyed-by-user", "false"));

        // Then
        assertThat(RunAccess.internalTopics(OffersTopology.build(keyed).describe(), "app"))
                .containsExactlyInAnyOrder("app-offers-dedup-store-changelog", "app-offers-state-store-changelog");
        assertThat(RunAccess.internalTopics(OffersTopology.build(repartitioned).describe(), "app"))
                .contains("app-offers-by-user-repartition");
    }

    @Test
    void shouldNameTheOperationResourceAndPrincipalOfADenialAndNeverThePassword() {
        // Given
        final RunAccess access = new RunAccess(NAMES, OffersTopology.build(
                ConfigLoader.loadConfig(null, Map.of(), Map.of("application.id", "app"))).describe(), SCRAM);

        // Then
        assertThat(access.principal()).isEqualTo("User:svc");
        assertThat(access.deniedLine(new StreamsException(new GroupAuthorizationException("Not authorized", "app"))))
                .startsWith("not authorized: READ on group 'app' for User:svc; grant it (./acls.sh --for run");
        assertThat(access.deniedLine(new StreamsException(new TransactionalIdAuthorizationException("denied"))))
                .startsWith("not authorized: WRITE on transactional ids prefixed 'app-' for User:svc");
        assertThat(access.deniedLine(new StreamsException(new TopicAuthorizationException(Set.of("state")))))
                .startsWith("not authorized: WRITE,DESCRIBE_CONFIGS on topic 'state' for User:svc");
        assertThat(access.deniedLine(new StreamsException("Could not create topic app-offers-state-store-changelog.",
                new TopicAuthorizationException("Authorization failed."))))
                .startsWith("not authorized: CREATE on topics prefixed 'app-' (internal topic 'app-offers-state-store-changelog')");
        assertThat(access.deniedLine(new StreamsException(new TimeoutException("slow")))).isNull();
        assertThat(access.deniedLine(new StreamsException(new GroupAuthorizationException("x", "app")))).doesNotContain("s3cret");
    }

    @Test
    void shouldDescribeAPrincipalItCannotNameWithoutGuessing() {
        assertThat(AccessCheck.principalOf(Map.of())).isEqualTo("the principal of these client settings");
    }
}
