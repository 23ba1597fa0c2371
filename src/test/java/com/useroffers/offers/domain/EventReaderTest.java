package com.useroffers.offers.domain;

import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Steps 1 and 2 as a plain function: what the reader makes of a value (the exhaustive hostile-input
 * table runs through the topology in {@code MalformedInputTest}).
 */
class EventReaderTest {

    private static final Events.Event GOOD = assigned("e-1", "u-1", "SPRING25", "2026-11-20T10:00:00+02:00");
    private final EventReader reader = new EventReader(65536);

    @Test
    void shouldReadAnEventWithInstantsNormalizedToUtc() {
        // When
        final ReadResult read = reader.read(GOOD.expiresAt("2026-12-31T18:29:59.5-05:30").bytes());

        // Then
        assertThat(read.isOk()).isTrue();
        assertThat(read.event()).isEqualTo(new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "SPRING25",
                Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-12-31T23:59:59.5Z")));
        assertThat(read.eventId()).isEqualTo("e-1");
    }

    @Test
    void shouldTreatAnOptionalNullAsAbsentAndIgnoreUnknownFields() {
        // When
        final ReadResult read = reader.read(GOOD.with("expiresAt", "null").with("extra", "{\"expiresAt\":1}").bytes());

        // Then
        assertThat(read.isOk()).isTrue();
        assertThat(read.event().expiresAt()).isNull();
    }

    @Test
    void shouldReportTheEventIdOfAnInvalidEventOnlyWhenItObeysItsRule() {
        assertThat(reader.read(GOOD.withText("type", "X").bytes()))
                .extracting(ReadResult::failure, ReadResult::eventId).containsExactly(DeadLetterReason.INVALID, "e-1");
        assertThat(reader.read(GOOD.withText("type", "X").withText("eventId", "").bytes()))
                .extracting(ReadResult::failure, ReadResult::eventId).containsExactly(DeadLetterReason.INVALID, null);
        assertThat(reader.read(bytes("{\"eventId\":\"e-1\",\"eventId\":\"e-1\"}")))
                .extracting(ReadResult::failure, ReadResult::eventId).containsExactly(DeadLetterReason.MALFORMED, null);
    }

    @Test
    void shouldCountNestingWithTheRootObjectAsLevelOne() {
        // Given: 64 levels, objects and arrays mixed, the root included
        final String body = GOOD.json().substring(1, GOOD.json().length() - 1);
        final String mixed62 = "[{\"a\":".repeat(31) + "0" + "}]".repeat(31);

        // When / Then
        assertThat(StrictJson.MAX_NESTING_DEPTH).isEqualTo(64);
        assertThat(reader.read(bytes("{" + body + ",\"x\":[" + mixed62 + "]}")).isOk()).isTrue();             // 1 + 1 + 62 = 64
        assertThat(reader.read(bytes("{" + body + ",\"x\":[[" + mixed62 + "]]}")).failure()).isEqualTo(DeadLetterReason.MALFORMED); // 65
    }

    @Test
    void shouldAcceptExactlyMaxBytesAndRefuseOneMore() {
        // Given
        final byte[] event = GOOD.bytes();
        final EventReader exact = new EventReader(event.length);
        final EventReader oneLess = new EventReader(event.length - 1);

        // When / Then
        assertThat(exact.read(event).isOk()).isTrue();
        assertThat(oneLess.read(event).failure()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(oneLess.read(event).error()).contains(Integer.toString(event.length));
    }

    @Test
    void shouldGiveOneLineCausesThatNameTheField() {
        assertThat(reader.read(GOOD.withText("offerCode", "a").bytes()).error()).contains("offerCode");
        assertThat(reader.read(GOOD.without("userId").bytes()).error()).contains("userId").contains("missing");
        assertThat(reader.read(GOOD.with("occurredAt", "1").bytes()).error()).contains("occurredAt").contains("string");
        assertThat(reader.read(null).error()).contains("null");
        assertThat(reader.read(new byte[0]).error()).contains("empty");
    }
}
