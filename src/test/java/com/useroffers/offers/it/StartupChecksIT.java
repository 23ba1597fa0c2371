package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.TopicContract;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.SharedCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.pipeline.DeadLetterHeaders;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's start-up checks of {@code run} against a real single-node Kafka 4.4.0, with the
 * application as its own process: a topic that cannot keep the contract is refused before Kafka Streams
 * starts, with exit 9 and one line naming the topic, the setting, the value found and the value needed;
 * a missing topic is exit 8; a development setting only warns (a log line and the
 * {@code user_offers_startup_warnings} metric). And the record size rule it protects: the largest value
 * the input accepts becomes one dead letter holding the whole value, and the application runs on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("try") // an instance is held by try-with-resources only so that it is always stopped
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StartupChecksIT {

    private static final int PARTITIONS = 2;
    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final String CAUSE_PREFIX = "user-offers-streams: ";

    @RegisterExtension
    static final SharedCluster KAFKA = new SharedCluster(1);

    @Test
    void shouldRefuseAStateTopicThatDeletesOldStates(@TempDir final Path dir) {
        // Given a state topic with cleanup.policy=delete
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "state-delete", PARTITIONS);
        final String state = app.stateTopic() + "-deleting";
        TopicRecords.createTopics(KAFKA.cluster(), PARTITIONS, 1, Map.of(state, Map.of("cleanup.policy", "delete")));

        // When
        final Refusal refusal = run(app, dir, Map.of("offers.state.topic", state));

        // Then
        assertThat(refusal.exit).as("exit code; output:%n%s", refusal.output).isEqualTo(ExitCodes.TOPIC_UNFIT);
        assertThat(refusal.cause()).startsWith(CAUSE_PREFIX + "state topic '" + state + "': cleanup.policy is delete,"
                + " needs compact");
        assertThat(refusal.output).doesNotContain("Kafka Streams is RUNNING").doesNotContain("State transition from CREATED");
    }

    @Test
    void shouldRefuseADeadLetterTopicTooSmallForTheLargestDeadLetter(@TempDir final Path dir) {
        // Given a dead-letter topic of the broker's default size, below the input's 1048576 + 65536
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "dlq-small", PARTITIONS);
        final String dlq = app.dlqTopic() + "-small";
        TopicRecords.createTopics(KAFKA.cluster(), PARTITIONS, 1, Map.of(dlq, Map.of("max.message.bytes", "1048588")));

        // When
        final Refusal refusal = run(app, dir, Map.of("offers.dlq.topic", dlq));

        // Then
        assertThat(refusal.exit).as("exit code; output:%n%s", refusal.output).isEqualTo(ExitCodes.TOPIC_UNFIT);
        assertThat(refusal.cause()).startsWith(CAUSE_PREFIX + "dead-letter topic '" + dlq
                + "': max.message.bytes is 1048588, needs at least 1114112");
    }

    @Test
    void shouldRefuseAMissingDeadLetterTopic(@TempDir final Path dir) {
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "dlq-missing", PARTITIONS);
        final String dlq = app.dlqTopic() + "-absent";

        final Refusal refusal = run(app, dir, Map.of("offers.dlq.topic", dlq));

        assertThat(refusal.exit).as("exit code; output:%n%s", refusal.output).isEqualTo(ExitCodes.TOPIC_MISSING);
        assertThat(refusal.cause()).startsWith(CAUSE_PREFIX + "dead-letter topic '" + dlq + "' does not exist");
    }

    @Test
    void shouldOnlyWarnAboutAFiniteInputRetentionAndProcess(@TempDir final Path dir) throws Exception {
        // Given an input that keeps a day only
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "finite-retention", PARTITIONS);
        alter(app.inputTopic(), "retention.ms", "86400000");

        try (AppProcess instance = app.start("a");
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            // When events arrive
            TopicRecords.produceSynchronously(producer, validEvents(app.inputTopic(), 20));
            app.waitUntilCaughtUp(Duration.ofMinutes(3));

            // Then they are processed, and the retention is one warning line among the others (one broker)
            assertThat(instance.isAlive()).isTrue();
            assertThat(TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic())).isNotEmpty();
            final List<String> warnings = instance.output().lines().filter(line -> line.contains("WARN")
                    && line.contains("Start-up check: ")).toList();
            assertThat(warnings).anySatisfy(line -> assertThat(line).contains("input topic '" + app.inputTopic()
                    + "': retention.ms is 86400000, the contract wants -1"));
            assertThat(metric(instance, "user_offers_startup_warnings")).isEqualTo(warnings.size());
        }
    }

    @Test
    void shouldDeadLetterTheLargestInputValueWholeAndRunOn(@TempDir final Path dir) {
        // Given the largest garbage value the input takes (max.message.bytes 1048576, less the batch overhead)
        final TestApp app = new TestApp(KAFKA.cluster(), dir, "largest", PARTITIONS);
        final byte[] garbage = new byte[TopicContract.INPUT_MAX_MESSAGE_BYTES - 1024];
        Arrays.fill(garbage, (byte) 'x');
        final byte[] key = "user-1".getBytes(StandardCharsets.UTF_8);

        try (AppProcess instance = app.start("a");
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(KAFKA.cluster())) {
            // When it arrives, followed by ordinary events
            final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            records.add(new ProducerRecord<>(app.inputTopic(), 0, key, garbage));
            records.addAll(validEvents(app.inputTopic(), 20));
            TopicRecords.produceSynchronously(producer, records);
            app.waitUntilCaughtUp(Duration.ofMinutes(3));

            // Then it is one MALFORMED dead letter holding the whole value, and the rest is processed
            final List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicRecords.readCommitted(KAFKA.cluster(), app.dlqTopic());
            assertThat(deadLetters).as("dead letters; app output:%n%s", instance.output()).singleElement().satisfies(dl -> {
                assertThat(dl.key()).isEqualTo(key);
                assertThat(dl.value()).isEqualTo(garbage);
                assertThat(header(dl, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterReason.MALFORMED.name());
            });
            assertThat(TopicRecords.readCommitted(KAFKA.cluster(), app.stateTopic())).isNotEmpty();
            assertThat(instance.isAlive()).as("still running; output:%n%s", instance.output()).isTrue();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** What a refused {@code run} left: its exit code and its output (log and the stderr line). */
    @Test
    void shouldExitTwoWithOneLineWhenTheBrokersRefuseTheSessionTimeout(@TempDir final Path dir) {
        // Given brokers whose floor for a session is above the application's 6 s
        try (KafkaCluster strict = KafkaCluster.start(1, dir.resolve("kafka"), Map.of("group.min.session.timeout.ms", "8000"))) {
            final TestApp app = new TestApp(strict, dir, "session-floor", PARTITIONS);

            // When
            final Refusal refusal = run(app, dir, Map.of());

            // Then one line names the setting, at once, not after the stream thread was replaced three times
            assertThat(refusal.exit).as("exit code; output:%n%s", refusal.output).isEqualTo(ExitCodes.USAGE);
            assertThat(refusal.cause()).contains("the brokers refuse session.timeout.ms=6000")
                    .contains("group.min.session.timeout.ms");
        }
    }

    private record Refusal(Integer exit, String output) {

        /** The one line on stderr: the only line that starts with the command's name. */
        String cause() {
            final List<String> causes = output.lines().filter(line -> line.startsWith(CAUSE_PREFIX)).toList();
            assertThat(causes).as("one-line cause in:%n%s", output).hasSize(1);
            return causes.get(0);
        }
    }

    private static Refusal run(final TestApp app, final Path dir, final Map<String, String> overrides) {
        final Map<String, String> settings = new java.util.LinkedHashMap<>(app.settings("a"));
        settings.putAll(overrides);
        settings.put("offers.startup.timeout", "PT30S");
        try (AppProcess instance = AppProcess.start("run", settings, dir.resolve("refused.log"))) {
            return new Refusal(instance.awaitExit(EXIT), instance.output());
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> validEvents(final String topic, final int count) {
        final SampleEvents samples = new SampleEvents(7, 5, 0.0, 0.0);
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final SampleRecord sample = samples.next();
            records.add(new ProducerRecord<>(topic, sample.key(), sample.value()));
        }
        return records;
    }

    private void alter(final String topic, final String setting, final String value) throws Exception {
        try (Admin admin = KAFKA.cluster().admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry(setting, value), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The value of an unlabelled-but-for-application gauge, read from the instance's {@code /metrics}. */
    private static int metric(final AppProcess instance, final String name) throws Exception {
        final Matcher port = Pattern.compile("Operations endpoint listening on http://[^:]+:(\\d+)").matcher(waitForLine(
                instance, "Operations endpoint listening on"));
        assertThat(port.find()).isTrue();
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
        final Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} ([0-9.]+)$").matcher(body);
        assertThat(value.find()).as("%s in:%n%s", name, body).isTrue();
        return (int) Double.parseDouble(value.group(1));
    }

    private static String waitForLine(final AppProcess instance, final String text) {
        final Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            final String line = instance.output().lines().filter(l -> l.contains(text)).findFirst().orElse(null);
            if (line != null) {
                return line;
            }
            KafkaCluster.sleep(200);
        }
        throw new AssertionError("no line with '" + text + "' within 60 s:\n" + instance.output());
    }
}
