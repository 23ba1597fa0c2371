package com.useroffers.offers.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Prints what the demo produced, as a {@code read_committed} consumer sees it: a few user states
 * (latest value per key), the number of users and tombstones, and the dead letters counted by reason.
 * First waits (at most two minutes) until the application's consumer group has committed the whole input.
 * {@code DemoReport BOOTSTRAP APPLICATION_ID INPUT_TOPIC STATE_TOPIC DLQ_TOPIC [USERS_TO_SHOW]}.
 */
public final class DemoReport {

    private DemoReport() {
    }

    public static void main(final String[] args) {
        final String bootstrap = args[0];
        final String applicationId = args[1];
        final String inputTopic = args[2];
        final String stateTopic = args[3];
        final String dlqTopic = args[4];
        final int show = args.length > 5 ? Integer.parseInt(args[5]) : 5;

        TopicRecords.waitUntilGroupCaughtUp(bootstrap, applicationId, inputTopic, java.time.Duration.ofMinutes(2));

        final List<ConsumerRecord<byte[], byte[]>> states = TopicRecords.readCommitted(bootstrap, stateTopic);
        final Map<String, byte[]> latest = new TreeMap<>(TopicRecords.latestByKey(states));
        final long live = latest.values().stream().filter(v -> v != null).count();
        System.out.printf("%n== %s: %d records, %d users, %d with offers, %d tombstoned%n",
                stateTopic, states.size(), latest.size(), live, latest.size() - live);
        latest.entrySet().stream().filter(e -> e.getValue() != null).limit(show).forEach(e ->
                System.out.println("  " + e.getKey() + " -> " + new String(e.getValue(), StandardCharsets.UTF_8)));

        final List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicRecords.readCommitted(bootstrap, dlqTopic);
        final Map<String, Integer> byReason = new TreeMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : deadLetters) {
            final Header reason = record.headers().lastHeader("offers.dlq.reason");
            byReason.merge(reason == null ? "?" : new String(reason.value(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        System.out.printf("%n== %s: %d dead letters%n", dlqTopic, deadLetters.size());
        byReason.forEach((reason, count) -> System.out.printf("  %-20s %d%n", reason, count));
        deadLetters.stream().limit(3).forEach(record -> {
            final Header error = record.headers().lastHeader("offers.dlq.error");
            System.out.println("  e.g. offset " + record.offset() + ": "
                    + (error == null ? "" : new String(error.value(), StandardCharsets.UTF_8)));
        });
    }
}
