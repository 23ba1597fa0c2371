package com.useroffers.offers.run;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.ops.OpsServer;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.security.AclPlan;
import com.useroffers.offers.security.RunAccess;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the topology until a stop is requested or Kafka Streams fails, and turns the outcome into an
 * exit code: once the {@link PreFlight} checks pass (a refusal comes before Kafka Streams is created), it
 * starts the client with the {@link ThreadFailurePolicy} and the operations endpoint ({@link OpsServer}),
 * awaits a stop or a failure, and closes within the {@link CloseTimeout}, leaving the consumer group so
 * that the partitions move to the other instances at once rather than after the session timeout. Never
 * {@code cleanUp()}: a clean restart reuses the local state.
 */
public final class StreamsRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final OffersConfig config;
    private final Topology topology;
    private final ShutdownSignal signal;
    private final Duration closeTimeout;
    private final RunAccess access;
    private final PreFlight preFlight;

    public StreamsRunner(final OffersConfig config, final Topology topology, final ShutdownSignal signal) {
        this.config = config;
        this.topology = topology;
        this.signal = signal;
        this.closeTimeout = CloseTimeout.of(config.streamsProperties());
        this.access = new RunAccess(AclPlan.Names.of(config), topology.describe(),
                ClientSettings.admin(config, "access"));
        this.preFlight = new PreFlight(config, access, signal);
    }

    /**
     * @return {@link ExitCodes#OK} after a requested stop and a clean close
     * @throws RunFailure when Kafka or a topic is not usable, when Kafka Streams fails (with the exit code of
     *         refused credentials, a missing ACL or a missing topic when that is the cause), or when it does
     *         not close in time
     */
    @SuppressWarnings("try") // the endpoint only has to be open while the client runs
    public int run() {
        if (signal.isRequested()) {
            return stoppedBeforeStart();
        }
        final OptionalInt warnings = preFlight.clear();
        if (warnings.isEmpty()) {
            return stoppedBeforeStart();
        }
        LOG.info("Close timeout {}: a close first lets a rebalance in progress complete, which can take up to"
                + " session.timeout.ms ({} ms) after a member crashed", closeTimeout,
                CloseTimeout.sessionTimeoutMs(config.streamsProperties()));
        final KafkaStreams streams = create();
        try (OpsServer ops = openOps(streams, warnings.getAsInt())) {
            return runUntilStopped(streams, ops);
        }
    }

    /** Start, await a stop or a failure, close: whatever happens once the client exists, it is closed. */
    private int runUntilStopped(final KafkaStreams streams, final OpsServer ops) {
        final ThreadFailurePolicy policy = new ThreadFailurePolicy();
        final boolean failedOnItsOwn;
        try {
            final Seen seen = start(streams, policy);
            checkInternalTopicsOnceRunning(seen);
            failedOnItsOwn = awaitStopOrFailure(streams, seen.failed());
        } catch (final RuntimeException e) {
            close(streams, ops);
            throw e;
        }
        if (signal.isRequested() && !failedOnItsOwn) {
            LOG.info("{} received", signal.reason());
        }
        final boolean closed = close(streams, ops);
        if (failedOnItsOwn) {
            throw StreamsFailure.of(policy.fatal(), access, config.streamsProperties());
        }
        if (!closed) {
            throw new RunFailure(ExitCodes.FAILED, "Kafka Streams did not close within " + closeTimeout);
        }
        LOG.info("Closed cleanly");
        return ExitCodes.OK;
    }

    /** What the state listener has seen: RUNNING, and PENDING_ERROR or ERROR (the client stopping on its own). */
    private record Seen(CompletableFuture<Void> running, CompletableFuture<Void> failed) {
    }

    /** Starts the client; a stream thread that dies goes to {@code policy}. */
    private static Seen start(final KafkaStreams streams, final ThreadFailurePolicy policy) {
        final Seen seen = new Seen(new CompletableFuture<>(), new CompletableFuture<>());
        streams.setUncaughtExceptionHandler(policy);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                LOG.info("Kafka Streams is RUNNING");
                seen.running().complete(null);
            } else if (newState == KafkaStreams.State.PENDING_ERROR || newState == KafkaStreams.State.ERROR) {
                seen.failed().complete(null);
            }
        });
        streams.start();
        return seen;
    }

    /** Once RUNNING for the first time (within the start-up timeout): {@link PreFlight#checkInternalTopics}. */
    private void checkInternalTopicsOnceRunning(final Seen seen) {
        try {
            CompletableFuture.anyOf(seen.running(), seen.failed(), signal.requested())
                    .get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (final TimeoutException | ExecutionException e) {
            return;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (seen.running().isDone() && !seen.failed().isDone() && !signal.isRequested()) {
            preFlight.checkInternalTopics();
        }
    }

    /**
     * Kafka Streams with the instance's identity ({@link InstanceIdentity}). A setting Kafka Streams refuses only
     * when it applies it (e.g. a state directory it cannot create) is a bad setting too.
     */
    private KafkaStreams create() {
        try {
            return new KafkaStreams(topology, InstanceIdentity.assign(config).streamsProperties());
        } catch (final StreamsException e) {
            throw new RunFailure(ExitCodes.USAGE, "cannot create Kafka Streams: " + Causes.rootMessage(e), e);
        }
    }

    /** The endpoint, bound before the client starts; a port that cannot be bound is a bad setting. */
    private OpsServer openOps(final KafkaStreams streams, final int startupWarnings) {
        try {
            return OpsServer.start(config, streams, startupWarnings);
        } catch (final RuntimeException e) {
            streams.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Waits for a stop request or the ERROR state; says so once if RUNNING takes longer than the start-up timeout.
     *
     * @return whether the client failed on its own (rather than a stop being requested)
     */
    private boolean awaitStopOrFailure(final KafkaStreams streams, final CompletableFuture<Void> failed) {
        final CompletableFuture<Object> either = CompletableFuture.anyOf(signal.requested(), failed);
        try {
            either.get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return failed.isDone();
        } catch (final TimeoutException e) {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                LOG.warn("Kafka Streams is not RUNNING {} after start but {}: still joining the group or restoring state",
                        config.startupTimeout(), streams.state());
            }
        } catch (final ExecutionException e) {
            throw new IllegalStateException("neither future completes exceptionally", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed.isDone();
        }
        either.join();
        return failed.isDone();
    }

    /**
     * Stops reading Kafka's metrics first: Kafka 4.4.0 closes a transactional store before it removes the
     * store's uncommitted-bytes gauge, and a read of it in between touches freed native memory (a SIGSEGV of
     * the metrics binder's thread was seen at SIGTERM).
     */
    private boolean close(final KafkaStreams streams, final OpsServer ops) {
        ops.stopKafkaMetrics();
        LOG.info("Closing Kafka Streams (timeout {}, leaving the group{})", closeTimeout,
                streams.state() == KafkaStreams.State.REBALANCING ? "; a rebalance in progress completes first" : "");
        return streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(closeTimeout));
    }

    private int stoppedBeforeStart() {
        LOG.info("{} received during start-up: exiting without starting Kafka Streams", signal.reason());
        return ExitCodes.OK;
    }
}
