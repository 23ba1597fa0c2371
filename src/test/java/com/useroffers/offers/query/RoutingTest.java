package com.useroffers.offers.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoutingTest {

    private static final HostInfo SELF = new HostInfo("pod-0.offers", 8080);
    private static final HostInfo OTHER = new HostInfo("pod-1.offers", 8080);

    private static KeyQueryMetadata ownedBy(final HostInfo owner, final int partition) {
        return new KeyQueryMetadata(owner, Set.of(), partition);
    }

    @Test
    void shouldAnswerLocallyWhenThisInstanceOwnsThePartition() {
        assertThat(Routing.decide(State.RUNNING, ownedBy(SELF, 3), SELF, false)).isEqualTo(new Routing.Local(3));
        assertThat(Routing.decide(State.RUNNING, ownedBy(SELF, 3), SELF, true)).as("forwarded to the owner")
                .isEqualTo(new Routing.Local(3));
    }

    @Test
    void shouldForwardOnceToTheOwner() {
        assertThat(Routing.decide(State.RUNNING, ownedBy(OTHER, 1), SELF, false)).isEqualTo(new Routing.Forward(OTHER));
    }

    @Test
    void shouldNeverForwardAForwardedQueryAgain() {
        // When: another instance thought this one owns the partition, but it does not (the metadata moved)
        final Routing.Decision decision = Routing.decide(State.RUNNING, ownedBy(OTHER, 1), SELF, true);

        // Then
        assertThat(decision).isInstanceOf(Routing.Unavailable.class);
        assertThat(((Routing.Unavailable) decision).why()).contains("pod-1.offers:8080").contains("moved");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void shouldBeUnavailableUnlessRunning(final State state) {
        // a rebalance, a restoration of taken-over tasks (REBALANCING), start-up, shutdown, failure
        assertThat(Routing.decide(state, ownedBy(SELF, 0), SELF, false)).isInstanceOf(Routing.Unavailable.class);
        assertThat(Routing.decide(state, null, SELF, false)).isInstanceOf(Routing.Unavailable.class);
    }

    @Test
    void shouldBeUnavailableWithoutMetadataOrOwner() {
        assertThat(Routing.decide(State.RUNNING, KeyQueryMetadata.NOT_AVAILABLE, SELF, false)).isInstanceOf(Routing.Unavailable.class);
        assertThat(Routing.decide(State.RUNNING, null, SELF, false)).isInstanceOf(Routing.Unavailable.class);
        assertThat(Routing.decide(State.RUNNING, ownedBy(HostInfo.unavailable(), 2), SELF, false))
                .as("the partition has no active owner right now").isInstanceOf(Routing.Unavailable.class);
    }

    @Test
    void shouldAnswerLocallyWithoutApplicationServer() {
        // Without application.server Kafka Streams knows the partition but names no host: the local store decides
        assertThat(Routing.decide(State.RUNNING, ownedBy(HostInfo.unavailable(), 2), null, false)).isEqualTo(new Routing.Local(2));
    }
}
