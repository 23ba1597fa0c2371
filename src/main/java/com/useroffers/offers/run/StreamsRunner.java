package com.useroffers.offers.run;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.ops.OpsServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the topology until a stop is requested or Kafka Streams fails, and turns the outcome into an
 * exit code: checks Kafka and the topics first ({@link StartupChecks}, {@link TopicRules}; a refusal
 * comes before Kafka Streams is created), starts the client with the
 * {@link ThreadFailurePolicy} and the operations endpoint ({@link OpsServer}), waits, and closes with
 * a bounded timeout, leaving the consumer group so that the partitions move to the other instances at
 * once rather than after the session timeout. Never {@code cleanUp()}: a clean restart reuses the
 * local state.
 */
public final class StreamsRunner {

    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final OffersConfig config;
    private final Topology topology;
    private final ShutdownSignal signal;

    public StreamsRunner(final OffersConfig config, final Topology topology, final ShutdownSignal signal) {
        this.config = config;
        this.topology = topology;
        this.signal = signal;
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
        final StartupChecks checks = new StartupChecks(
                ClientSettings.admin(config, config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG) + "-startup-check"),
                config.startupTimeout(), signal);
        final Map<String, TopicFacts> facts = checks.inspect(topics());
        if (facts == null || signal.isRequested()) {
            return stoppedBeforeStart();
        }
        final int warnings = judge(facts);
        final KafkaStreams streams = create();
        try (OpsServer ops = openOps(streams, warnings)) {
            return runUntilStopped(streams);
        }
    }

    /**
     * Applies {@link TopicRules}: warns one line each, refuses with one line (every refusal joined).
     *
     * @return the number of warnings, for the metric
     */
    private int judge(final Map<String, TopicFacts> facts) {
        final TopicRules.Verdict verdict = TopicRules.judge(facts.get("input"), facts.get("state"), facts.get("dead-letter"),
                TopicRules.maxRequestSize(config.streamsProperties()));
        verdict.warnings().forEach(warning -> LOG.warn("Start-up check: {}", warning));
        if (!verdict.refusals().isEmpty()) {
            throw new RunFailure(ExitCodes.TOPIC_UNFIT, String.join("; ", verdict.refusals()));
        }
        return verdict.warnings().size();
    }

    private int runUntilStopped(final KafkaStreams streams) {
        final ThreadFailurePolicy policy = new ThreadFailurePolicy();
        final CompletableFuture<Void> failed = new CompletableFuture<>();
        final boolean failedOnItsOwn;
        try {
            streams.setUncaughtExceptionHandler(policy);
            streams.setStateListener((newState, oldState) -> {
                if (newState == KafkaStreams.State.RUNNING) {
                    LOG.info("Kafka Streams is RUNNING");
                } else if (newState == KafkaStreams.State.PENDING_ERROR || newState == KafkaStreams.State.ERROR) {
                    failed.complete(null);
                }
            });
            streams.start();
            awaitStopOrFailure(streams, failed);
            failedOnItsOwn = failed.isDone();
        } catch (final RuntimeException e) {
            close(streams);
            throw e;
        }
        if (signal.isRequested() && !failedOnItsOwn) {
            LOG.info("{} received", signal.reason());
        }
        final boolean closed = close(streams);
        if (failedOnItsOwn) {
            throw new RunFailure(ExitCodes.forFault(policy.fatal(), ExitCodes.FAILED), "Kafka Streams stopped after an error: " + describe(policy.fatal()), policy.fatal());
        }
        if (!closed) {
            throw new RunFailure(ExitCodes.FAILED, "Kafka Streams did not close within " + CLOSE_TIMEOUT);
        }
        LOG.info("Closed cleanly");
        return ExitCodes.OK;
    }

    /** A setting Kafka Streams refuses only when it applies it (e.g. a state directory it cannot create) is a bad setting too. */
    private KafkaStreams create() {
        try {
            return new KafkaStreams(topology, config.streamsProperties());
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

    /** Input, state and dead-letter topics, which must all exist (Kafka Streams creates only internal ones). */
    private Map<String, String> topics() {
        final Map<String, String> topics = new LinkedHashMap<>();
        topics.put("input", config.inputTopic());
        topics.put("state", config.stateTopic());
        topics.put("dead-letter", config.dlqTopic());
        return topics;
    }

    /** Waits for a stop request or the ERROR state; says so once if RUNNING takes longer than the start-up timeout. */
    private void awaitStopOrFailure(final KafkaStreams streams, final CompletableFuture<Void> failed) {
        final CompletableFuture<Object> either = CompletableFuture.anyOf(signal.requested(), failed);
        try {
            either.get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (final TimeoutException e) {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                LOG.warn("Kafka Streams is not RUNNING {} after start but {}: still joining the group or restoring state",
                        config.startupTimeout(), streams.state());
            }
        } catch (final ExecutionException e) {
            throw new IllegalStateException("neither future completes exceptionally", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        either.join();
    }

    private static boolean close(final KafkaStreams streams) {
        LOG.info("Closing Kafka Streams (timeout {}, leaving the group)", CLOSE_TIMEOUT);
        return streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }

    private int stoppedBeforeStart() {
        LOG.info("{} received during start-up: exiting without starting Kafka Streams", signal.reason());
        return ExitCodes.OK;
    }

    private static String describe(final Throwable fatal) {
        if (fatal == null) {
            return "the client entered the ERROR state (see the log)";
        }
        final String root = Causes.rootMessage(fatal);
        return fatal.getClass().getSimpleName() + ": " + (fatal.getMessage() == null ? root : fatal.getMessage())
                + (root.equals(fatal.getMessage()) ? "" : " (cause: " + root + ")");
    }
}
