package com.useroffers.offers.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.junit.jupiter.api.Test;

/** The least-privilege ACLs of each command, as the docs list them (the real-broker proof is SecuredClusterIT). */
class AclPlanTest {

    private static final AclPlan.Names NAMES = new AclPlan.Names("app", "in", "state", "dlq", true);
    private static final String PRINCIPAL = "User:svc";

    @Test
    void shouldGrantRunExactlyItsTopicsGroupInternalTopicsAndTransactionalIds() {
        // When
        final List<String> acls = rows(AclPlan.bindings(AclCommand.RUN, NAMES, PRINCIPAL));

        // Then
        assertThat(acls).containsExactly(
                "TOPIC LITERAL in READ",
                "TOPIC LITERAL in DESCRIBE_CONFIGS",
                "TOPIC LITERAL state WRITE",
                "TOPIC LITERAL state DESCRIBE_CONFIGS",
                "TOPIC LITERAL dlq WRITE",
                "TOPIC LITERAL dlq DESCRIBE_CONFIGS",
                "TOPIC PREFIXED app- CREATE",
                "TOPIC PREFIXED app- READ",
                "TOPIC PREFIXED app- WRITE",
                "TOPIC PREFIXED app- DESCRIBE_CONFIGS",
                "GROUP LITERAL app READ",
                "TRANSACTIONAL_ID PREFIXED app- WRITE");
    }

    @Test
    void shouldAddDeleteOnInternalTopicsOnlyWhenARepartitionTopicExists() {
        // Given
        final AclPlan.Names repartitioned = new AclPlan.Names("app", "in", "state", "dlq", false);

        // When
        final List<String> acls = rows(AclPlan.bindings(AclCommand.RUN, repartitioned, PRINCIPAL));

        // Then
        assertThat(acls).contains("TOPIC PREFIXED app- DELETE");
        assertThat(rows(AclPlan.bindings(AclCommand.RUN, NAMES, PRINCIPAL))).doesNotContain("TOPIC PREFIXED app- DELETE");
    }

    @Test
    void shouldGrantTheOtherCommandsOnlyWhatTheyTouch() {
        assertThat(rows(AclPlan.bindings(AclCommand.PRODUCE, NAMES, PRINCIPAL))).containsExactly("TOPIC LITERAL in WRITE");
        assertThat(rows(AclPlan.bindings(AclCommand.INGEST, NAMES, PRINCIPAL))).containsExactly("TOPIC LITERAL in WRITE");
        assertThat(rows(AclPlan.bindings(AclCommand.RESET, NAMES, PRINCIPAL))).containsExactly(
                "TOPIC LITERAL in READ", "GROUP LITERAL app READ", "TOPIC PREFIXED app- DELETE");
        assertThat(rows(AclPlan.bindings(AclCommand.REDRIVE, NAMES, PRINCIPAL))).containsExactly(
                "TOPIC LITERAL dlq READ", "TOPIC LITERAL in WRITE",
                "GROUP LITERAL app-redrive READ", "TRANSACTIONAL_ID LITERAL app-redrive WRITE");
        assertThat(rows(AclPlan.bindings(AclCommand.TOPICS, NAMES, PRINCIPAL))).containsExactly(
                "TOPIC LITERAL in CREATE", "TOPIC LITERAL in DESCRIBE", "TOPIC LITERAL in DESCRIBE_CONFIGS",
                "TOPIC LITERAL state CREATE", "TOPIC LITERAL state DESCRIBE", "TOPIC LITERAL state DESCRIBE_CONFIGS",
                "TOPIC LITERAL dlq CREATE", "TOPIC LITERAL dlq DESCRIBE", "TOPIC LITERAL dlq DESCRIBE_CONFIGS");
        assertThat(rows(AclPlan.bindings(AclCommand.COPY_INPUT, NAMES.copyingTo("in-v2"), PRINCIPAL))).containsExactly(
                "TOPIC LITERAL in READ", "TOPIC LITERAL in-v2 WRITE",
                "GROUP LITERAL app-copy-input READ", "TRANSACTIONAL_ID LITERAL app-copy-input WRITE");
        assertThatThrownBy(() -> AclPlan.grants(AclCommand.COPY_INPUT, NAMES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAllowOnlyThePrincipalFromAnyHostAndNeverGrantTheClusterOrAWildcard() {
        for (final AclCommand command : AclCommand.values()) {
            for (final AclBinding binding : AclPlan.bindings(command, NAMES.copyingTo("in-v2"), PRINCIPAL)) {
                assertThat(binding.entry().principal()).isEqualTo(PRINCIPAL);
                assertThat(binding.entry().host()).isEqualTo("*");
                assertThat(binding.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
                assertThat(binding.pattern().name()).isNotEqualTo("*").isNotEqualTo("kafka-cluster");
                assertThat(binding.entry().operation()).isNotIn(AclOperation.ALL, AclOperation.ALTER, AclOperation.CLUSTER_ACTION);
            }
        }
    }

    @Test
    void shouldNeverListAGrantThatAnotherOfTheSameResourceImplies() {
        // Given: Kafka's implications (READ, WRITE, DELETE, ALTER imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS)
        for (final AclCommand command : AclCommand.values()) {
            for (final boolean keyed : new boolean[] {true, false}) {
                final List<AclBinding> bindings = AclPlan.bindings(command,
                        new AclPlan.Names("app", "in", "state", "dlq", keyed, "in-v2"), PRINCIPAL);
                bindings.stream().collect(Collectors.groupingBy(AclBinding::pattern)).forEach((pattern, its) -> {
                    final Set<AclOperation> operations = its.stream().map(b -> b.entry().operation()).collect(Collectors.toSet());
                    // Then
                    assertThat(operations).hasSameSizeAs(its);
                    if (operations.contains(AclOperation.DESCRIBE)) {
                        assertThat(operations).as("%s %s", command, pattern)
                                .doesNotContain(AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER);
                    }
                    if (operations.contains(AclOperation.DESCRIBE_CONFIGS)) {
                        assertThat(operations).doesNotContain(AclOperation.ALTER_CONFIGS);
                    }
                });
            }
        }
    }

    private static List<String> rows(final List<AclBinding> bindings) {
        return bindings.stream().map(b -> b.pattern().resourceType() + " " + b.pattern().patternType() + " "
                + b.pattern().name() + " " + b.entry().operation()).toList();
    }
}
