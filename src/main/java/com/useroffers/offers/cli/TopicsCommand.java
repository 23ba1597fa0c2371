package com.useroffers.offers.cli;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.config.TopicContract;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.KafkaCall;
import com.useroffers.offers.topics.TopicPlan;
import com.useroffers.offers.topics.TopicsSetup;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code topics}: create the three topics with the contract's settings, or report how existing ones differ. */
@Command(name = "topics", sortOptions = false,
        description = {
            "Create the three topics with the contract's settings, or report how existing ones differ.",
            "",
            "For a topic that already exists, compares its partition "
                    + "count, replication factor and settings with them and prints one line per difference "
                    + "(\"TOPIC: SETTING is FOUND, the contract needs NEEDED\"); --apply also changes those that are safe "
                    + "to change in place.",
            "",
            "Settings (besides partitions, replication factor and min.insync.replicas):",
            "  input        cleanup.policy=delete, retention.ms=-1,",
            "               message.timestamp.after.max.ms=3600000, max.message.bytes=1048576",
            "  state        cleanup.policy=compact",
            "  dead letters cleanup.policy=delete, retention.ms=2592000000 (30 days),",
            "               max.message.bytes at least the input's + 65536",
            "               (created with exactly that)",
            "A setting that an existing topic does not override is taken at the cluster's default.",
            "",
            "--apply changes in place: message.timestamp.after.max.ms, max.message.bytes; retention.ms when that keeps "
                    + "records longer (a shorter one would delete records at once); min.insync.replicas up to the topic's "
                    + "replication factor; cleanup.policy only on an empty topic (on one with records it would change which "
                    + "of them are kept). It never changes the partition count (Kafka cannot remove partitions, and adding "
                    + "some moves users to other partitions, breaking their order and state) nor the replication factor "
                    + "(kafka-reassign-partitions.sh does that): for each, it says what to do.",
            ""},
        exitCodeList = {
            "0:every topic exists with these settings (created, found so, or changed by --apply)",
            "1:Kafka refused a request for another cause",
            ExitCodeLines.USAGE, ExitCodeLines.NO_BROKER, ExitCodeLines.CREDENTIALS,
            "7:not authorized: an ACL is missing (acls --for topics)",
            "9:a topic's settings differ from these (each difference is printed; after --apply, those left)",
            "10:stopped by SIGTERM/SIGINT before it was done (the lines printed were done): run it again"})
public final class TopicsCommand extends SignalledCommand {

    @Mixin
    private KafkaToolOptions kafka;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the input and the state topic (default: 6).")
    private int partitions = TopicContract.DEFAULT_PARTITIONS;

    @Option(names = "--replication-factor", paramLabel = "N", description = "Replication factor of all three topics (default: 3).")
    private int replicationFactor = TopicContract.PRODUCTION_REPLICATION_FACTOR;

    @Option(names = "--min-insync-replicas", paramLabel = "N",
            description = "min.insync.replicas of all three topics (default: 2, at most the replication factor).")
    private int minInsyncReplicas = TopicContract.PRODUCTION_MIN_INSYNC_REPLICAS;

    @Option(names = "--input-max-message-bytes", paramLabel = "N",
            description = "max.message.bytes of the input (default: 1048576); the dead-letter topic gets N + 65536.")
    private int inputMaxMessageBytes = TopicContract.INPUT_MAX_MESSAGE_BYTES;

    @Option(names = "--dlq-partitions", paramLabel = "N",
            description = "Partitions of the dead-letter topic (default: as --partitions; an existing one's count is "
                    + "checked only when this is given).")
    private Integer dlqPartitions;

    @Option(names = "--apply", description = "Change what differs where that is safe.")
    private boolean apply;

    @Override
    public Integer call() {
        positive("--partitions", partitions);
        positive("--replication-factor", replicationFactor);
        positive("--min-insync-replicas", minInsyncReplicas);
        positive("--input-max-message-bytes", inputMaxMessageBytes);
        if (dlqPartitions != null) {
            positive("--dlq-partitions", dlqPartitions);
        }
        final OffersConfig config = kafka.load();
        final TopicPlan.Request request = new TopicPlan.Request(
                kafka.inputTopic(config), kafka.stateTopic(config), kafka.dlqTopic(config),
                partitions, dlqPartitions, replicationFactor, minInsyncReplicas, inputMaxMessageBytes);
        final Map<String, Object> settings = kafka.adminSettings(config, "user-offers-topics");
        final String bootstrap = KafkaToolOptions.bootstrap(settings);
        final int left;
        // Each wait is bounded by offers.startup.timeout (KafkaCall); a call still pending after one ended is dropped.
        final Admin admin = Admin.create(settings);
        try {
            left = new TopicsSetup(admin, bootstrap, KafkaCall.within(config.startupTimeout(), stopSignal()),
                    out()).ensure(TopicPlan.of(request), apply);
        } catch (final KafkaCall.Stopped stopped) {
            throw new RunFailure(ExitCodes.STOPPED, "stopped by SIGTERM/SIGINT before it was done (the lines above were "
                    + "done): run topics again");
        } finally {
            admin.close(Duration.ZERO);
        }
        if (left > 0) {
            throw new RunFailure(ExitCodes.TOPIC_UNFIT, apply
                    ? left + " difference(s) from the contract left as they are (see 'not changed' above)"
                    : left + " difference(s) from the contract (above); --apply changes those that are safe to change in place");
        }
        return ExitCodes.OK;
    }

    private void positive(final String option, final int value) {
        if (value < 1) {
            throw usage(option + " must be a positive whole number, not '" + value + "'");
        }
    }
}
