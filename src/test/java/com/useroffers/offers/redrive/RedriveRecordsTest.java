package com.useroffers.offers.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.pipeline.RedriveHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The input record a redrive sends for a dead letter: the original bytes, headers rewritten, to the original partition. */
class RedriveRecordsTest {

    private static final String INPUT = "user-offers";

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A dead letter at user-offers-dlq/4/99 of the record at user-offers/{@code partition}/17. */
    private static ConsumerRecord<byte[], byte[]> deadLetter(final String topic, final String partition, final byte[] key, final byte[] value) {
        final Headers headers = new RecordHeaders();
        headers.add("trace-id", utf8("t-1"));
        headers.add("offers.dlq.reason", utf8("INVALID_TRANSITION"));
        headers.add("offers.dlq.error", utf8("no offer"));
        headers.add("offers.dlq.topic", utf8(topic));
        headers.add("offers.dlq.partition", utf8(partition));
        headers.add("offers.dlq.offset", utf8("17"));
        return new ConsumerRecord<>("user-offers-dlq", 4, 99, 1_795_000_000_000L, TimestampType.CREATE_TIME, key == null ? -1 : key.length,
                value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }

    @Test
    void shouldSendTheOriginalKeyValueAndTimestampToTheOriginalPartition() {
        // Given
        final ConsumerRecord<byte[], byte[]> deadLetter = deadLetter(INPUT, "2", utf8("u-1"), utf8("{\"eventId\":\"e-2\"}"));

        // When
        final ProducerRecord<byte[], byte[]> redriven = RedriveRecords.toInput(deadLetter, INPUT, 6, 1);

        // Then
        assertThat(redriven.topic()).isEqualTo(INPUT);
        assertThat(redriven.partition()).isEqualTo(2);
        assertThat(redriven.key()).isEqualTo(deadLetter.key());
        assertThat(redriven.value()).isEqualTo(deadLetter.value());
        assertThat(redriven.timestamp()).isEqualTo(1_795_000_000_000L);
        assertThat(Arrays.stream(redriven.headers().toArray()).map(Header::key))
                .containsExactly("trace-id", RedriveHeaders.OF, RedriveHeaders.COUNT);
        assertThat(redriven.headers().lastHeader(RedriveHeaders.OF).value()).isEqualTo(utf8("user-offers-dlq/4/99"));
        assertThat(RedriveRecords.reason(deadLetter)).isEqualTo("INVALID_TRANSITION");
    }

    @Test
    void shouldLeaveThePartitionToThePartitionerWhenTheOriginalOneIsUnknownOrGone() {
        assertThat(RedriveRecords.toInput(deadLetter(INPUT, "6", utf8("u-1"), utf8("x")), INPUT, 6, 1).partition()).isNull();    // gone
        assertThat(RedriveRecords.toInput(deadLetter("other", "2", utf8("u-1"), utf8("x")), INPUT, 6, 1).partition()).isNull();   // other topic
        assertThat(RedriveRecords.toInput(deadLetter(INPUT, "two", utf8("u-1"), utf8("x")), INPUT, 6, 1).partition()).isNull();   // unreadable
    }

    @Test
    void shouldKeepANullKeyAndValueNull() {
        final ProducerRecord<byte[], byte[]> redriven = RedriveRecords.toInput(deadLetter(INPUT, "0", null, null), INPUT, 6, 3);

        assertThat(redriven.key()).isNull();
        assertThat(redriven.value()).isNull();
        assertThat(RedriveHeaders.count(redriven.headers())).isEqualTo(3);
    }
}
