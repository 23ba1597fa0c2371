package com.useroffers.offers.pipeline;

import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.pipeline.DeadLetter;
import com.useroffers.offers.pipeline.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The {@code offers.dlq.*} headers: appended after the originals, and an error of one line within 1 KiB. */
class DeadLetterHeadersTest {

    private static final SourcePosition POSITION = new SourcePosition("user-offers", 2, 99);

    @Test
    void shouldCutTheErrorToOneKibibyteOnACharacterBoundary() {
        // When: an error of 2000 four-byte characters (the one-line rules themselves: OneLineTest)
        final Headers headers = DeadLetterHeaders.append(new RecordHeaders(),
                new DeadLetter(null, null, DeadLetterReason.INVALID, "\uD83D\uDE00".repeat(2000), POSITION, null));

        // Then
        final String error = new String(headers.lastHeader(DeadLetterHeaders.ERROR).value(), StandardCharsets.UTF_8);
        assertThat(error).isEqualTo("\uD83D\uDE00".repeat(1024 / 4));
    }

    @Test
    void shouldAppendTheContractHeadersAfterTheOriginalOnes() {
        // Given
        final Headers original = new RecordHeaders();
        original.add("b", bytes("1"));
        original.add("a", null);
        original.add("b", bytes("2"));

        // When
        final Headers headers = DeadLetterHeaders.append(original,
                new DeadLetter(null, null, DeadLetterReason.INVALID, "bad\nthing", POSITION, "e-1"));

        // Then
        assertThat(Arrays.stream(headers.toArray()).map(DeadLetterHeadersTest::render)).containsExactly(
                "b=1", "a=null", "b=2",
                "offers.dlq.reason=INVALID", "offers.dlq.error=bad thing", "offers.dlq.topic=user-offers",
                "offers.dlq.partition=2", "offers.dlq.offset=99", "offers.dlq.event-id=e-1");
        assertThat(original.toArray()).hasSize(3);
    }

    @Test
    void shouldMaskAProducersOwnEventIdHeaderWhenThereIsNoEventId() {
        // Given
        final Headers original = new RecordHeaders();
        original.add(DeadLetterHeaders.EVENT_ID, bytes("forged"));
        original.add(DeadLetterHeaders.REASON, bytes("FORGED"));

        // When
        final Headers headers = DeadLetterHeaders.append(original,
                new DeadLetter(null, null, DeadLetterReason.MALFORMED, "not JSON", POSITION, null));

        // Then
        assertThat(headers.lastHeader(DeadLetterHeaders.EVENT_ID).value()).isNull();
        assertThat(headers.lastHeader(DeadLetterHeaders.REASON).value()).isEqualTo(bytes("MALFORMED"));
    }

    @Test
    void shouldAddNoEventIdHeaderWhenThereIsNone() {
        // When
        final Headers headers = DeadLetterHeaders.append(new RecordHeaders(),
                new DeadLetter(null, null, DeadLetterReason.MALFORMED, "not JSON", POSITION, null));

        // Then
        assertThat(headers.headers(DeadLetterHeaders.EVENT_ID)).isEmpty();
        assertThat(headers.toArray()).hasSize(5);
    }

    private static String render(final Header header) {
        return header.key() + "=" + (header.value() == null ? "null" : new String(header.value(), StandardCharsets.UTF_8));
    }
}
