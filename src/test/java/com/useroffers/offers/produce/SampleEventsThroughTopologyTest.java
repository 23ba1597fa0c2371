package com.useroffers.offers.produce;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.model.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Each sample kind is what the application really makes of it: the generator's promise to benchmarks. */
class SampleEventsThroughTopologyTest {

    @Test
    void shouldGiveOneStateRecordPerValidEventAndOneDeadLetterPerBadRecordOfItsReason() {
        final SampleEvents sample = new SampleEvents(42, 200, 0.05, 0.05);
        final Map<SampleKind, Integer> sent = new EnumMap<>(SampleKind.class);
        try (OffersDriver driver = new OffersDriver()) {
            for (int i = 0; i < 5_000; i++) {
                final SampleRecord record = sample.next();
                driver.send(record.key(), record.value(), new RecordHeaders(), OffersDriver.T0.plusMillis(i));
                sent.merge(record.kind(), 1, Integer::sum);
            }

            final Map<DeadLetterReason, Integer> deadLetters = new EnumMap<>(DeadLetterReason.class);
            for (final TestRecord<byte[], byte[]> deadLetter : driver.deadLetters()) {
                deadLetters.merge(DeadLetterReason.valueOf(lastHeader(deadLetter, "offers.dlq.reason")), 1, Integer::sum);
            }
            final Map<DeadLetterReason, Integer> expected = new EnumMap<>(DeadLetterReason.class);
            sent.forEach((kind, count) -> {
                if (kind.deadLetterReason() != null) {
                    expected.put(kind.deadLetterReason(), count);
                }
            });

            assertThat(driver.stateRecords()).hasSize(sent.get(SampleKind.VALID)); // duplicates: dropped
            assertThat(deadLetters).isEqualTo(expected);
        }
    }

    private static String lastHeader(final TestRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
