package com.useroffers.offers.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Prints what the demo produced, as a {@code read_committed} consumer sees it, in a form read at a
 * glance: a table of a few user states (latest value per key: version and offers by status), the
 * number of records, users and tombstones, the dead letters counted by reason with one example error
 * each, and the state of the user with the most offers among those shown, pretty-printed. Plain ASCII,
 * lines of at most {@value #WIDTH} characters. First waits (at most two minutes) until the application's
 * consumer group has committed the whole input.
 * {@code DemoReport BOOTSTRAP APPLICATION_ID INPUT_TOPIC STATE_TOPIC DLQ_TOPIC [USERS_TO_SHOW [CLIENT_CONFIG]]}:
 * on a secured cluster, CLIENT_CONFIG is the properties file of a principal that may read the topics and
 * describe the group (the secured demo uses its admin's), so that no secret is on the command line.
 */
public final class DemoReport {

    /** Longest line printed (the pretty-printed state excepted, whose lines are short anyway). */
    static final int WIDTH = 100;
    private static final int USER_WIDTH = 30;
    private static final int REASON_WIDTH = 20;
    /** The statuses of {@code OfferStatus}, named here: the demo runs this class without the main classes. */
    private static final List<String> STATUSES = List.of("ASSIGNED", "REDEEMED");
    /** Non-ASCII written as {@code \\uXXXX}, so that the pretty-printed state stays plain ASCII. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build());

    private DemoReport() {
    }

    public static void main(final String[] args) throws IOException {
        final String bootstrap = args[0];
        final String applicationId = args[1];
        final String inputTopic = args[2];
        final String stateTopic = args[3];
        final String dlqTopic = args[4];
        final int show = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        final Map<String, Object> connection = connection(bootstrap, args.length > 6 ? Path.of(args[6]) : null);

        TopicRecords.waitUntilGroupCaughtUp(connection, applicationId, inputTopic, java.time.Duration.ofMinutes(2));

        final List<ConsumerRecord<byte[], byte[]>> states = TopicRecords.readCommitted(connection, stateTopic);
        final Map<String, byte[]> latest = new TreeMap<>(TopicRecords.latestByKey(states));
        final long live = latest.values().stream().filter(v -> v != null).count();
        System.out.printf("%n== %s: %d records, %d users, %d with offers, %d tombstoned%n",
                stateTopic, states.size(), latest.size(), live, latest.size() - live);
        final Map<String, JsonNode> shown = new LinkedHashMap<>();
        latest.entrySet().stream().filter(e -> e.getValue() != null).limit(show)
                .forEach(e -> shown.put(e.getKey(), parse(e.getValue())));
        printTable(shown, live);

        final List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicRecords.readCommitted(connection, dlqTopic);
        printDeadLetters(dlqTopic, deadLetters);

        printFullest(shown);
    }

    /** The bootstrap servers, and the client settings of {@code clientConfig} when there is one. */
    private static Map<String, Object> connection(final String bootstrap, final Path clientConfig) throws IOException {
        final Map<String, Object> connection = new LinkedHashMap<>();
        if (clientConfig != null) {
            final Properties settings = new Properties();
            try (Reader reader = Files.newBufferedReader(clientConfig, StandardCharsets.UTF_8)) {
                settings.load(reader);
            }
            settings.stringPropertyNames().forEach(key -> connection.put(key, settings.getProperty(key)));
        }
        connection.put("bootstrap.servers", bootstrap);
        return connection;
    }

    /** One row per user: version and the number of offers in each status. */
    private static void printTable(final Map<String, JsonNode> shown, final long live) {
        if (shown.isEmpty()) {
            System.out.println("  (no user has a state)");
            return;
        }
        final int userWidth = Math.min(USER_WIDTH,
                Math.max(4, shown.keySet().stream().mapToInt(String::length).max().orElse(0)));
        final StringBuilder header = new StringBuilder(String.format("  %-" + userWidth + "s  %7s", "user", "version"));
        STATUSES.forEach(status -> header.append(String.format("  %8s", status)));
        System.out.println(header);
        shown.forEach((user, state) -> {
            final StringBuilder row = new StringBuilder(
                    String.format("  %-" + userWidth + "s  ", cut(ascii(user), userWidth)));
            if (state == null) {
                System.out.println(row.append("(state is not JSON)"));
                return;
            }
            final JsonNode version = state.get("version");
            row.append(String.format("%7s", version == null ? "?" : version.asText()));
            final Map<String, Integer> byStatus = offersByStatus(state);
            STATUSES.forEach(status -> row.append(String.format("  %8d", byStatus.getOrDefault(status, 0))));
            System.out.println(row);
        });
        System.out.printf("  (%d of %d users with offers)%n", shown.size(), live);
    }

    /** Counts by reason, aligned, then the first dead letter's error of each reason. */
    private static void printDeadLetters(final String dlqTopic, final List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        final Map<String, Integer> byReason = new TreeMap<>();
        final Map<String, String> example = new TreeMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : deadLetters) {
            final String reason = ascii(header(record, "offers.dlq.reason", "?"));
            byReason.merge(reason, 1, Integer::sum);
            example.putIfAbsent(reason, ascii(header(record, "offers.dlq.error", "(no error header)")));
        }
        System.out.printf("%n== %s: %d dead letters%n", dlqTopic, deadLetters.size());
        byReason.forEach((reason, count) -> System.out.printf("  %-" + REASON_WIDTH + "s %6d%n", reason, count));
        if (!example.isEmpty()) {
            System.out.println("  one example error per reason:");
            example.forEach((reason, error) -> System.out.println(cut("  " + reason + ": " + error, WIDTH)));
        }
    }

    /** The state with the most offers among those shown (the first of them on a tie), as Jackson pretty-prints it. */
    private static void printFullest(final Map<String, JsonNode> shown) throws IOException {
        String fullest = null;
        int most = -1;
        for (final Map.Entry<String, JsonNode> entry : shown.entrySet()) {
            final int offers = entry.getValue() == null ? -1 : offerCount(entry.getValue());
            if (offers > most) {
                fullest = entry.getKey();
                most = offers;
            }
        }
        if (fullest == null) {
            return;
        }
        System.out.printf("%n== %s, the most offers of the users shown (%d):%n",
                cut(ascii(fullest), USER_WIDTH), most);
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(shown.get(fullest)));
        System.out.println();
    }

    private static Map<String, Integer> offersByStatus(final JsonNode state) {
        final Map<String, Integer> byStatus = new TreeMap<>();
        final JsonNode offers = state.get("offers");
        if (offers != null) {
            final Iterator<JsonNode> values = offers.elements();
            while (values.hasNext()) {
                final JsonNode status = values.next().get("status");
                byStatus.merge(status == null ? "?" : status.asText(), 1, Integer::sum);
            }
        }
        return byStatus;
    }

    private static int offerCount(final JsonNode state) {
        final JsonNode offers = state.get("offers");
        return offers == null ? 0 : offers.size();
    }

    /** The state's JSON tree, or null if the value is not JSON (shown as such rather than failing the demo). */
    private static JsonNode parse(final byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (final IOException e) {
            return null;
        }
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name, final String absent) {
        final Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? absent : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Printable ASCII: line breaks and tabs become spaces, anything else outside it a {@code ?}. */
    static String ascii(final String text) {
        final StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(
                c == '\n' || c == '\r' || c == '\t' ? ' ' : c >= 0x20 && c <= 0x7E ? (char) c : '?'));
        return out.toString();
    }

    /** At most {@code max} characters, the last three {@code ...} when cut. */
    static String cut(final String text, final int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
