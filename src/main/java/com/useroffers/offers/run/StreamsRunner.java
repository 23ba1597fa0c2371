package com.useroffers.offers.run;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.ops.OpsServer;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import com.useroffers.offers.security.RunAccess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
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

    /** The shortest close timeout: enough to commit, flush the stores, write their checkpoints and leave the group. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** What a close needs once the rebalance it waited for is over. */
    static final Duration CLOSE_AFTER_REBALANCE = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final OffersConfig config;
    private final Topology topology;
    private final ShutdownSignal signal;
    private final Duration closeTimeout;
    private final RunAccess access;

    public StreamsRunner(final OffersConfig config, final Topology topology, final ShutdownSignal signal) {
        this.config = config;
        this.topology = topology;
        this.signal = signal;
        this.closeTimeout = closeTimeout(config.streamsProperties());
        this.access = new RunAccess(AclPlan.Names.of(config), topology.describe(),
                ClientSettings.admin(config, "access"));
    }

    /**
     * How long a close may take: {@link #CLOSE_TIMEOUT}, or longer when a rebalance can hold it up. A stream
     * thread asked to stop while a rebalance is in progress polls on until the rebalance completes (Kafka
     * Streams' run loop goes on {@code while (isRunning() || rebalanceInProgress)}), and a rebalance waits
     * for every member, one killed without leaving included, until that member's {@code session.timeout.ms}
     * runs out. A SIGTERM soon after another instance crashed (typically: this one is its replacement,
     * still in its first join) can therefore wait that long before the close proper begins; a close
     * timeout shorter than that would end in "did not close" and exit 1.
     */
    public static Duration closeTimeout(final Properties streamsProps) {
        final Duration rebalance = Duration.ofMillis(sessionTimeoutMs(streamsProps)).plus(CLOSE_AFTER_REBALANCE);
        return rebalance.compareTo(CLOSE_TIMEOUT) > 0 ? rebalance : CLOSE_TIMEOUT;
    }

    /** The main consumer's session timeout, as Kafka Streams resolves it (most specific prefix first). */
    static long sessionTimeoutMs(final Properties streamsProps) {
        final String key = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG;
        for (final String name : new String[] {
            StreamsConfig.mainConsumerPrefix(key), StreamsConfig.consumerPrefix(key), key}) {
            final String value = streamsProps.getProperty(name);
            if (value != null) {
                try {
                    return Long.parseLong(value.strip());
                } catch (final NumberFormatException e) {
                    throw new ConfigException(name, value, "must be a number of milliseconds");
                }
            }
        }
        return ((Number) ConsumerConfig.configDef().defaultValues().get(key)).longValue();
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
                config.startupTimeout(), signal).forCommand(AclCommand.RUN, AclPlan.Names.of(config));
        final Map<String, TopicFacts> facts = checks.inspect(topics());
        if (facts == null || signal.isRequested()) {
            return stoppedBeforeStart();
        }
        final int warnings = judge(facts);
        final Map<String, Object> adminConfigs = ClientSettings.admin(config,
                config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG) + "-access-check");
        if (!withAdmin(adminConfigs, admin -> access.checkBeforeStart(admin, config.startupTimeout(), signal))
                || signal.isRequested()) {
            return stoppedBeforeStart();
        }
        LOG.info("Close timeout {}: a close first lets a rebalance in progress complete, which can take up to"
                + " session.timeout.ms ({} ms) after a member crashed", closeTimeout, sessionTimeoutMs(config.streamsProperties()));
        final KafkaStreams streams = create();
        try (OpsServer ops = openOps(streams, warnings)) {
            return runUntilStopped(streams, ops);
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

    private int runUntilStopped(final KafkaStreams streams, final OpsServer ops) {
        final ThreadFailurePolicy policy = new ThreadFailurePolicy();
        final CompletableFuture<Void> failed = new CompletableFuture<>();
        final CompletableFuture<Void> running = new CompletableFuture<>();
        final boolean failedOnItsOwn;
        try {
            streams.setUncaughtExceptionHandler(policy);
            streams.setStateListener((newState, oldState) -> {
                if (newState == KafkaStreams.State.RUNNING) {
                    LOG.info("Kafka Streams is RUNNING");
                    running.complete(null);
                } else if (newState == KafkaStreams.State.PENDING_ERROR || newState == KafkaStreams.State.ERROR) {
                    failed.complete(null);
                }
            });
            streams.start();
            checkInternalTopicsOnceRunning(running, failed);
            awaitStopOrFailure(streams, failed);
            failedOnItsOwn = failed.isDone();
        } catch (final RuntimeException e) {
            close(streams, ops);
            throw e;
        }
        if (signal.isRequested() && !failedOnItsOwn) {
            LOG.info("{} received", signal.reason());
        }
        final boolean closed = close(streams, ops);
        if (failedOnItsOwn) {
            final String denied = policy.fatal() == null ? null : access.deniedLine(policy.fatal());
            throw new RunFailure(ExitCodes.forFault(policy.fatal(), ExitCodes.FAILED),
                    denied != null ? denied : "Kafka Streams stopped after an error: " + describe(policy.fatal()), policy.fatal());
        }
        if (!closed) {
            throw new RunFailure(ExitCodes.FAILED, "Kafka Streams did not close within " + closeTimeout);
        }
        LOG.info("Closed cleanly");
        return ExitCodes.OK;
    }

    /**
     * Once RUNNING for the first time (within the start-up timeout), the internal topics exist: checks the
     * ACLs on them that could not be checked before they did (READ, WRITE, DESCRIBE_CONFIGS on the
     * changelogs), so that a missing one fails now rather than at the next restore or restart.
     */
    private void checkInternalTopicsOnceRunning(final CompletableFuture<Void> running, final CompletableFuture<Void> failed) {
        try {
            CompletableFuture.anyOf(running, failed, signal.requested())
                    .get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (final TimeoutException | ExecutionException e) {
            return;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (running.isDone() && !failed.isDone() && !signal.isRequested()) {
            withAdmin(ClientSettings.admin(config, config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG) + "-access-check"),
                    admin -> access.checkInternalTopics(admin, config.startupTimeout(), signal));
        }
    }

    private static boolean withAdmin(final Map<String, Object> adminConfigs, final Predicate<Admin> check) {
        final Admin admin = Admin.create(adminConfigs);
        try {
            return check.test(admin);
        } finally {
            admin.close(Duration.ZERO);
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

    private String describe(final Throwable fatal) {
        if (fatal == null) {
            return "the client entered the ERROR state (see the log)";
        }
        if (Causes.find(fatal, FencedInstanceIdException.class) != null) {
            return "another live instance uses the same group.instance.id: give each instance its own, stable across its"
                    + " restarts (on Kubernetes the pod name), or leave it unset and give each instance its own state.dir,"
                    + " never a copy of another's";
        }
        if (Causes.find(fatal, InvalidSessionTimeoutException.class) != null) {
            return "the brokers refuse session.timeout.ms=" + sessionTimeoutMs(config.streamsProperties())
                    + " (outside their group.min.session.timeout.ms..group.max.session.timeout.ms): set session.timeout.ms"
                    + " within those (" + Causes.rootMessage(fatal) + ")";
        }
        final String root = Causes.rootMessage(fatal);
        return fatal.getClass().getSimpleName() + ": " + (fatal.getMessage() == null ? root : fatal.getMessage())
                + (root.equals(fatal.getMessage()) ? "" : " (cause: " + root + ")");
    }
}
