package com.useroffers.offers.query;

import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Who answers a query: this instance from its own store, the owner of the user's partition (the
 * request forwarded once), or nobody right now (503 with {@code Retry-After}). A pure function of
 * what Kafka Streams says, so that every case is a unit test.
 *
 * <p>Nobody answers while this instance is not {@code RUNNING}: during a rebalance the metadata may
 * name an owner that is giving the partition up, and a restoration of taken-over tasks happens in
 * {@code REBALANCING} (the owner's own check, {@link LocalStates}, catches a restoration in
 * {@code RUNNING}). A request that was already forwarded is never forwarded again: if this instance
 * is not the owner any more, the metadata moved between the two instances' views, and asking again
 * in a moment is the answer, not a chain of hops.
 */
public final class Routing {

    private Routing() {
    }

    /** The outcome. */
    public sealed interface Decision permits Local, Forward, Unavailable {
    }

    /** This instance owns the user's partition (or cannot know better: no {@code application.server}). */
    public record Local(int partition) implements Decision {
    }

    /** Another instance owns it: forward the request there, once. */
    public record Forward(HostInfo owner) implements Decision {
    }

    public record Unavailable(String why) implements Decision {
    }

    /**
     * @param state     this instance's Kafka Streams state
     * @param metadata  {@code KafkaStreams#queryMetadataForKey} for the user, {@code null} if it had none
     * @param self      this instance's {@code application.server}, or {@code null} when it is not set
     * @param forwarded whether another instance forwarded the request here
     */
    public static Decision decide(final State state, final KeyQueryMetadata metadata, final HostInfo self,
                                  final boolean forwarded) {
        if (state != State.RUNNING) {
            return new Unavailable(state == State.REBALANCING
                    ? "the group is rebalancing or this instance is restoring state; ask again in a moment"
                    : "this instance is " + state + ", not running");
        }
        if (metadata == null || metadata.partition() < 0) {
            return new Unavailable("Kafka Streams' metadata is not available yet; ask again in a moment");
        }
        if (self == null || self.equals(metadata.activeHost())) {
            return new Local(metadata.partition());
        }
        if (metadata.activeHost() == null || metadata.activeHost().equals(HostInfo.unavailable())) {
            return new Unavailable("no instance owns the user's partition " + metadata.partition() + " right now");
        }
        if (forwarded) {
            return new Unavailable("forwarded here, but the user's partition " + metadata.partition() + " is now owned by "
                    + endpoint(metadata.activeHost()) + ": the assignment moved; ask again in a moment");
        }
        return new Forward(metadata.activeHost());
    }

    /** {@code host:port}, as in {@code application.server}. */
    public static String endpoint(final HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
