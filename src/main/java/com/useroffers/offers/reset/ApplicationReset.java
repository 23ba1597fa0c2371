package com.useroffers.offers.reset;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.Awaited;
import com.useroffers.offers.runtime.KafkaCall;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.topology.OffersTopology;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;

/**
 * Replays from scratch: {@link KafkaStreams#cleanUp()} wipes this machine's local state, then Kafka's own
 * {@link StreamsResetter} moves the input offsets of the application's consumer group to the earliest and
 * deletes its internal topics (changelogs, repartition). Output topics are left alone: a replay
 * republishes history into them.
 *
 * <p>Before changing anything it refuses while any instance is still a member of the group, and when
 * the input's history is no longer complete ({@link InputHistory}) unless told to accept that.
 * StreamsResetter supports classic consumer groups only, the protocol this application runs with.
 *
 * <p>A stop (SIGTERM/SIGINT) is honoured at once, between steps and during every wait: the reset then
 * says which steps were done and exits 0, like {@code run}. The local state is wiped first because an
 * interruption is then harmless: an instance started after it restores its state from the changelogs,
 * whereas state kept beside changelogs already deleted would be state without history.
 */
public final class ApplicationReset {

    /** How long Kafka's StreamsResetter may take (it bounds its own requests; this bounds the whole). */
    static final Duration RESETTER_TIMEOUT = Duration.ofMinutes(5);
    /** How long an interrupted StreamsResetter may take to end after a stop (Kafka's clients give up at once). */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(2);

    private final OffersConfig config;
    private final PrintStream out;
    private final ShutdownSignal signal;
    private final boolean allowTruncatedHistory;

    public ApplicationReset(final OffersConfig config, final PrintStream out, final ShutdownSignal signal,
                            final boolean allowTruncatedHistory) {
        this.config = config;
        this.out = out;
        this.signal = signal;
        this.allowTruncatedHistory = allowTruncatedHistory;
    }

    /**
     * @return {@link ExitCodes#OK} when done, {@link ExitCodes#STOPPED} when stopped on request before that
     * @throws RunFailure with {@link ExitCodes#REFUSED} (nothing changed) or the exit code of a failure
     */
    public int run() {
        final Properties streamsProps = config.streamsProperties();
        final Properties clientProps = clientProperties(streamsProps);
        final KafkaCall call = KafkaCall.within(WhileResetting.TIMEOUT, signal);
        final Progress progress = new Progress();
        out.println("reset: checking that no instance of '" + streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)
                + "' is running and that the history of input topic '" + config.inputTopic() + "' is complete");
        try {
            call.checkNotStopped();
            check(streamsProps, clientProps, call);
            call.checkNotStopped();
            wipeLocalState(streamsProps);
            progress.localStateWiped = true;
            out.println("reset: local state in " + stateDir(streamsProps) + " wiped");
            call.checkNotStopped();
            runStreamsResetter(streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), clientProps, progress);
        } catch (final KafkaCall.Stopped stopped) {
            out.println("reset stopped by " + signal.reason() + ": " + progress + "; run reset again to complete it"
                    + (progress.localStateWiped ? " before starting any instance" : ""));
            return ExitCodes.STOPPED;
        }
        out.println("reset done: local state in " + stateDir(streamsProps) + " wiped, input offsets of '"
                + config.inputTopic() + "' at the earliest, internal topics of '"
                + streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "' deleted");
        return ExitCodes.OK;
    }

    /** What a stopped reset had done, as the end of one line. */
    private static final class Progress {
        private boolean localStateWiped;
        private boolean resetterStarted;

        @Override
        public String toString() {
            if (!localStateWiped) {
                return "nothing was changed";
            }
            return resetterStarted
                    ? "local state wiped; Kafka's StreamsResetter was stopped while resetting the input offsets and"
                            + " deleting the internal topics, which may be partly done"
                    : "local state wiped; input offsets and internal topics not reset yet";
        }
    }

    /** The refusals, before anything changes. */
    private void check(final Properties streamsProps, final Properties clientProps, final KafkaCall call) {
        final String applicationId = streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        final String protocol = streamsProps.getProperty(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        if (!"classic".equalsIgnoreCase(protocol)) {
            throw new RunFailure(ExitCodes.REFUSED, "reset refused: group.protocol=" + protocol + " is not supported by"
                    + " Kafka's StreamsResetter; this application runs with the classic protocol");
        }
        // Closed without waiting: after a stop, an unanswered request must not hold the exit up.
        final Admin admin = Admin.create(clientProps);
        try {
            final String servers = clientProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
            final List<String> members = activeMembers(admin, applicationId, call, servers);
            if (!members.isEmpty()) {
                throw new RunFailure(ExitCodes.REFUSED, "reset refused: " + members.size() + " instance(s) of application '"
                        + applicationId + "' are still running (members of its consumer group: " + String.join(", ", members)
                        + "); stop every instance first");
            }
            final List<InputHistory.Truncated> truncated = InputHistory.truncatedPartitions(admin, config.inputTopic(), call, servers);
            if (!truncated.isEmpty()) {
                if (!allowTruncatedHistory) {
                    throw new RunFailure(ExitCodes.REFUSED, InputHistory.refusal(config.inputTopic(), truncated));
                }
                out.println(InputHistory.warning(config.inputTopic(), truncated));
            }
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** Each wait of the reset has a budget of its own ({@link KafkaCall#fresh}). */
    private static List<String> activeMembers(final Admin admin, final String groupId, final KafkaCall call, final String servers) {
        final ConsumerGroupDescription group = call.fresh().getOrNull(
                admin.describeConsumerGroups(Set.of(groupId)).describedGroups().get(groupId),
                new WhileResetting(servers, "describing consumer group '" + groupId + "'"), GroupIdNotFoundException.class);
        if (group == null) {
            return List.of();
        }
        if (group.type() != GroupType.CLASSIC && group.type() != GroupType.UNKNOWN) {
            throw new RunFailure(ExitCodes.REFUSED, "reset refused: group '" + groupId + "' is a " + group.type()
                    + " group, and Kafka's StreamsResetter supports classic groups only");
        }
        return group.members().stream().map(m -> m.clientId() + "@" + m.host()).sorted().collect(Collectors.toList());
    }

    /**
     * Runs StreamsResetter on a thread of its own, so that a stop need not wait for it: the thread is then
     * interrupted (Kafka's clients give up at once) and abandoned, silenced ({@link GatedOutput}), and the
     * private file is deleted anyway.
     */
    private void runStreamsResetter(final String applicationId, final Properties clientProps, final Progress progress) {
        try (PrivateCommandConfig commandConfig = PrivateCommandConfig.write(clientProps)) {
            final String[] args = {
                "--bootstrap-server", clientProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
                "--application-id", applicationId,
                "--input-topics", config.inputTopic(),
                "--command-config", commandConfig.path().toString(),
            };
            final CompletableFuture<Integer> exit = new CompletableFuture<>();
            final Thread resetter = new Thread(() -> {
                try {
                    exit.complete(new StreamsResetter().execute(args));
                } catch (final Throwable e) {
                    exit.completeExceptionally(e);
                }
            }, "user-offers-streams-resetter");
            resetter.setDaemon(true);
            final PrintStream stdout = System.out;
            final PrintStream stderr = System.err;
            final PrintStream resetterOut = GatedOutput.to(out);
            final PrintStream resetterErr = GatedOutput.to(stderr);
            System.setOut(resetterOut);
            System.setErr(resetterErr);
            out.println("reset: running Kafka's StreamsResetter (input offsets to the earliest, internal topics deleted)");
            try {
                progress.resetterStarted = true;
                resetter.start();
                final Awaited<Integer> ended = KafkaCall.within(RESETTER_TIMEOUT, signal).await(exit, new WhileResetting(
                        clientProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), RESETTER_TIMEOUT,
                        "running Kafka's StreamsResetter"));
                if (ended.status() == Awaited.Status.FAILED) {
                    throw new RunFailure(ExitCodes.FAILED, "reset failed: Kafka's StreamsResetter threw " + ended.failure(),
                            ended.failure());
                }
                final int code = ended.value();
                if (code != 0) {
                    throw new RunFailure(ExitCodes.FAILED, "reset failed: Kafka's StreamsResetter exited with " + code
                            + " (its output above says why); local state was wiped; run reset again once the cause is fixed");
                }
            } catch (final KafkaCall.Stopped | RunFailure e) {
                // Silenced first: what an interrupted StreamsResetter prints (a stack trace) says nothing useful.
                resetterOut.close();
                resetterErr.close();
                abandon(resetter);
                throw e;
            } finally {
                resetterOut.close();
                resetterErr.close();
                System.setOut(stdout);
                System.setErr(stderr);
            }
        }
    }

    /** Interrupts the resetter and gives it a moment to end, so that it prints nothing once its output is restored. */
    private static void abandon(final Thread resetter) {
        resetter.interrupt();
        try {
            resetter.join(ABANDON_WAIT.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wipeLocalState(final Properties streamsProps) {
        try (KafkaStreams streams = new KafkaStreams(OffersTopology.build(config), streamsProps)) {
            streams.cleanUp();
        }
    }

    private static String stateDir(final Properties streamsProps) {
        return streamsProps.getProperty(StreamsConfig.STATE_DIR_CONFIG, "the default state.dir");
    }

    /** The settings meaningful to an admin client or consumer (connection and security), without Streams' own. */
    static Properties clientProperties(final Properties streamsProps) {
        final Set<String> clientKeys = new HashSet<>(AdminClientConfig.configNames());
        clientKeys.addAll(ConsumerConfig.configNames());
        final Properties props = new Properties();
        streamsProps.stringPropertyNames().stream()
                .filter(clientKeys::contains)
                .filter(key -> !key.equals(ConsumerConfig.GROUP_ID_CONFIG) && !key.equals(ConsumerConfig.CLIENT_ID_CONFIG))
                .forEach(key -> props.setProperty(key, streamsProps.getProperty(key)));
        return props;
    }
}
