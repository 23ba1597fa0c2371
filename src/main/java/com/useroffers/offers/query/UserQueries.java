package com.useroffers.offers.query;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.http.BearerToken;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /users/{userId}/offers}: the user's current state, whichever instance is asked. In order:
 * the bearer token ({@link BearerToken}: 401), the path ({@link UserPath}: 400, 404), who answers
 * ({@link Routing}: this instance from its store, {@link LocalStates}; the owner, {@link Forwarder};
 * or 503), each answer timed in {@link QueryMetrics}.
 *
 * <p>No copy of the state is kept anywhere: the owner's store is the only source. The owner is found
 * with {@link KafkaStreams#queryMetadataForKey} for the state store and the key serializer that store
 * uses (a {@code String} serializer: its keys are user ids), which hashes the key the way the input
 * (or the repartition topic) is partitioned; without {@code application.server} Kafka Streams knows no
 * owner at all, and the partition is computed the same way ({@link UserPartitions}) and answered from
 * this instance's store if it owns it (503 if not).
 *
 * <p>At most {@link #MAX_CONCURRENT} queries are answered at once; one more is told 503 at once. The
 * endpoint's threads are shared with the health probes, and a probe must never wait behind queries
 * stuck on an owner that does not answer.
 */
public final class UserQueries {

    /** Queries answered at the same time; the endpoint keeps its other threads for probes and scrapes. */
    public static final int MAX_CONCURRENT = 4;

    private final KafkaStreams streams;
    private final HostInfo self;
    /** Where a user's state is when {@link #self} is not set, {@code null} when it is. */
    private final UserPartitions partitions;
    private final BearerToken token;
    private final LocalStates local;
    private final Forwarder forwarder;
    private final QueryMetrics metrics;
    private final Semaphore slots = new Semaphore(MAX_CONCURRENT);

    private UserQueries(final KafkaStreams streams, final HostInfo self, final UserPartitions partitions,
                        final BearerToken token, final LocalStates local, final Forwarder forwarder,
                        final QueryMetrics metrics) {
        this.streams = streams;
        this.self = self;
        this.partitions = partitions;
        this.token = token;
        this.local = local;
        this.forwarder = forwarder;
        this.metrics = metrics;
    }

    /**
     * @param restoring whether a changelog partition of the task with this partition number is
     *                  restoring on this instance now
     */
    public static UserQueries create(final OffersConfig config, final KafkaStreams streams, final IntPredicate restoring,
                                     final MeterRegistry registry) {
        final String server = config.streamsProperties().getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "");
        final HostInfo self = server.isBlank() ? null : HostInfo.buildFromEndpoint(server.strip());
        final BearerToken token = BearerToken.of(config.httpAuthToken());
        final UserPartitions partitions = self != null ? null : new UserPartitions(config.inputTopic(),
                () -> Admin.create(ClientSettings.admin(config,
                        config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG) + "-queries")));
        return new UserQueries(streams, self, partitions, token, new LocalStates(streams, restoring),
                new Forwarder(server.strip(), token.authorization()), new QueryMetrics(registry));
    }

    /** Whether queries need a token; and whether they can be routed (for the start-up log line). */
    public String describe() {
        return "queries " + (token.isRequired() ? "need the bearer token" : "are open (offers.http.auth-token not set)")
                + ", " + (self == null ? "answered from this instance only (application.server not set)"
                        : "routed to the owner through application.server " + Routing.endpoint(self));
    }

    /**
     * @param rawPath       the request's path, still percent-encoded
     * @param authorization its {@code Authorization} header, or {@code null}
     * @param forwardedBy   its {@link Forwarder#FORWARDED_BY} header, or {@code null} when a client asked
     */
    public Answer answer(final String rawPath, final String authorization, final String forwardedBy) {
        final long start = System.nanoTime();
        final QueryMetrics.Route asked = forwardedBy != null ? QueryMetrics.Route.PEER : QueryMetrics.Route.LOCAL;
        Outcome outcome;
        if (slots.tryAcquire()) {
            try {
                outcome = answer(rawPath, authorization, forwardedBy != null, asked);
            } finally {
                slots.release();
            }
        } else {
            outcome = new Outcome(Answer.unavailable("too many queries at once on this instance (" + MAX_CONCURRENT
                    + "); ask again in a moment"), asked);
        }
        metrics.record(outcome.answer().status(), outcome.route(), System.nanoTime() - start);
        return outcome.answer();
    }

    /** An answer and where it came from. */
    private record Outcome(Answer answer, QueryMetrics.Route route) {
    }

    private Outcome answer(final String rawPath, final String authorization, final boolean forwarded,
                           final QueryMetrics.Route asked) {
        if (!token.allows(authorization)) {
            return new Outcome(Answer.unauthorized(), asked);
        }
        final String userId;
        try {
            userId = UserPath.userId(rawPath);
        } catch (final IllegalArgumentException e) {
            return new Outcome(Answer.badRequest(e.getMessage()), asked);
        }
        if (userId == null) {
            return new Outcome(Answer.notFound(), asked);
        }
        final Routing.Decision decision = route(userId, forwarded);
        if (decision instanceof Routing.Forward forward) {
            return new Outcome(forwarder.forward(forward.owner(), rawPath), QueryMetrics.Route.FORWARDED);
        }
        if (decision instanceof Routing.Local here) {
            return new Outcome(local.lookUp(userId, here.partition()), asked);
        }
        return new Outcome(Answer.unavailable(((Routing.Unavailable) decision).why()), asked);
    }

    private Routing.Decision route(final String userId, final boolean forwarded) {
        final KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Routing.decide(state, null, self, forwarded);
        }
        if (self == null) {
            return partitions.locate(userId);
        }
        final KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(OfferEventProcessorSupplier.STATE_STORE, userId, Serdes.String().serializer());
        } catch (final InvalidStateStoreException | IllegalStateException e) {
            // the client left RUNNING between the two calls
            return Routing.decide(streams.state(), null, self, forwarded);
        }
        return Routing.decide(state, metadata, self, forwarded);
    }
}
