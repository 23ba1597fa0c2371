package com.useroffers.offers.cli;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.copy.InputCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code copy-input}: copy the input topic into a new one with another partition count, exactly once. */
@Command(name = "copy-input",
        description = {
            "Copy the input topic (offers.input.topic) into another topic, exactly once, to change the partition count "
                    + "(see the operations guide, \"Scaling partitions\"). Each record goes with its key, value, timestamp "
                    + "and headers to the partition its key gives, so each user's records stay in one partition, in order.",
            "Reads read_committed as consumer group <application.id>-copy-input (also its transactional.id: one copy "
                    + "runs at a time), from where the last run stopped up to the end as of its start. Run it again to "
                    + "copy what arrived since; a first run refuses a target that already holds records."},
        exitCodeList = {
            "0:done: everything up to the end as of the start is copied",
            "1:failed (another copy-input fenced this one, or an unexpected Kafka error); what was committed stays",
            ExitCodeLines.USAGE,
            "4:refused: the target already holds records and this application has copied nothing into it",
            ExitCodeLines.NO_BROKER, ExitCodeLines.CREDENTIALS, ExitCodeLines.NOT_AUTHORIZED,
            "8:the input or the target topic is missing",
            "10:stopped by SIGTERM/SIGINT (the open transaction aborted, the rest committed): run copy-input again to go on"})
public final class CopyInputCommand extends SignalledCommand {

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--to-topic", required = true, paramLabel = "TOPIC",
            description = "The topic to copy into, created beforehand (topics --input-topic TOPIC --partitions N).")
    private String toTopic;

    @Override
    public Integer call() {
        final OffersConfig config = configOptions.load();
        final String mistake = KafkaToolOptions.notATopicName("--to-topic", toTopic);
        if (mistake != null) {
            throw usage(mistake);
        }
        if (toTopic.equals(config.inputTopic())) {
            throw usage("--to-topic must name another topic than the input ('"
                    + config.inputTopic() + "'), not '" + toTopic + "'");
        }
        return new InputCopy(config, toTopic, stopSignal()).run(out());
    }
}
