package com.useroffers.offers.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.useroffers.offers.fixtures.OffersModel.Fate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Checks the contract's exactly-once promises on what a {@code read_committed} consumer read from the
 * state and dead-letter topics, against {@link ReferenceModel} run over the input:
 * per user, versions 1, 2, 3... with no gap or repeat between tombstones and the model's final state;
 * each dead-lettered input position exactly once, with the model's reason; nothing else.
 */
public final class ExactlyOnceVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExactlyOnceVerifier() {
    }

    /** What the verification counted, for the test's report. */
    public record Summary(int inputs, Map<Fate, Integer> fates, int stateRecords, int deadLetters, int users) {
        @Override
        public String toString() {
            return inputs + " inputs " + fates + " -> " + stateRecords + " state records for " + users
                    + " users, " + deadLetters + " dead letters";
        }
    }

    public static Summary verify(final List<ConsumerRecord<byte[], byte[]>> input,
                                 final List<ConsumerRecord<byte[], byte[]>> state,
                                 final List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        return verify(input, state, deadLetters, new ReferenceModel());
    }

    /** Against {@code model}, a fresh one built with the settings the application ran with. */
    public static Summary verify(final List<ConsumerRecord<byte[], byte[]>> input,
                                 final List<ConsumerRecord<byte[], byte[]>> state,
                                 final List<ConsumerRecord<byte[], byte[]>> deadLetters,
                                 final ReferenceModel model) {
        // Expected: run the model partition by partition, in offset order.
        final Map<String, Fate> expectedDeadLetters = new TreeMap<>();
        final Map<String, Integer> expectedApplied = new HashMap<>();
        final Map<Fate, Integer> fates = new EnumMap<>(Fate.class);
        final Map<String, ConsumerRecord<byte[], byte[]>> inputByPosition = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : input) {
            inputByPosition.put(position(record.topic(), record.partition(), record.offset()), record);
            final Header redrive = record.headers().lastHeader("offers.redrive.of");
            final Fate fate = model.apply(record.key(), record.value(), redrive != null && redrive.value() != null);
            fates.merge(fate, 1, Integer::sum);
            if (fate == Fate.APPLIED) {
                expectedApplied.merge(new String(record.key(), StandardCharsets.UTF_8), 1, Integer::sum);
            } else if (fate != Fate.DROPPED) {
                expectedDeadLetters.put(position(record.topic(), record.partition(), record.offset()), fate);
            }
        }

        // Dead letters: each expected input position exactly once, with the expected reason.
        final Map<String, Fate> actualDeadLetters = new TreeMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : deadLetters) {
            final String position = position(header(record, "offers.dlq.topic"),
                    Integer.parseInt(header(record, "offers.dlq.partition")),
                    Long.parseLong(header(record, "offers.dlq.offset")));
            final Fate reason = Fate.valueOf(header(record, "offers.dlq.reason"));
            final ConsumerRecord<byte[], byte[]> original = inputByPosition.get(position);
            assertThat(original).as("dead letter names input position %s", position).isNotNull();
            assertThat(record.key()).as("key of dead letter %s", position).isEqualTo(original.key());
            assertThat(record.value()).as("value of dead letter %s", position).isEqualTo(original.value());
            assertThat(record.timestamp()).as("timestamp of dead letter %s", position).isEqualTo(original.timestamp());
            final Header[] originalHeaders = original.headers().toArray();
            final Header[] headers = record.headers().toArray();
            assertThat(headers.length).isGreaterThan(originalHeaders.length);
            for (int i = 0; i < originalHeaders.length; i++) {
                assertThat(headers[i].key()).as("original header %d of %s", i, position).isEqualTo(originalHeaders[i].key());
                assertThat(headers[i].value()).as("original header %d of %s", i, position).isEqualTo(originalHeaders[i].value());
            }
            assertThat(actualDeadLetters.put(position, reason))
                    .as("input position %s dead-lettered more than once", position).isNull();
        }
        assertThat(actualDeadLetters).as("dead letters by input position").isEqualTo(expectedDeadLetters);

        // State: per user, versions without gap or repeat, one record per applied event, the model's final state.
        final Map<String, List<byte[]>> byUser = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : state) {
            byUser.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), u -> new ArrayList<>())
                    .add(record.value());
        }
        final Map<String, String> expectedFinal = model.finalStates();
        assertThat(byUser.keySet()).as("users with state records").isEqualTo(expectedFinal.keySet());
        byUser.forEach((userId, values) -> {
            long version = 0;
            for (final byte[] value : values) {
                if (value == null) {
                    version = 0;
                } else {
                    assertThat(parse(value).get("version").longValue())
                            .as("version of %s after version %d", userId, version).isEqualTo(version + 1);
                    version++;
                }
            }
            assertThat(values).as("state records of %s", userId).hasSize(expectedApplied.getOrDefault(userId, 0));
            final byte[] last = values.get(values.size() - 1);
            assertThat(last == null ? null : new String(last, StandardCharsets.UTF_8))
                    .as("final state of %s, byte for byte", userId).isEqualTo(expectedFinal.get(userId));
        });
        return new Summary(input.size(), fates, state.size(), deadLetters.size(), byUser.size());
    }

    private static String position(final String topic, final int partition, final long offset) {
        return String.format("%s-%03d@%09d", topic, partition, offset);
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s of dead letter at offset %d", name, record.offset()).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(final byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
