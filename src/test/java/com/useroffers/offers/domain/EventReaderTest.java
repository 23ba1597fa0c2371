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

    // ---------------------------------------------------------------------------------------------
    // Only the contract's limits: none of the JSON library's own

    @Test
    void shouldAcceptAnUnknownFieldWhoseNameIsLongerThanJacksonsDefaultLimit() {
        // Given: a 60,000-character name (Jackson's default refuses names over 50,000)
        final byte[] value = GOOD.with("n".repeat(60_000), "1").bytes();

        // When / Then
        assertThat(reader.read(value).isOk()).isTrue();
    }

    @Test
    void shouldAcceptANameAsLongAsMaxBytesAllows() {
        // Given: one name fills the event to exactly 65536 bytes
        final int room = 65536 - GOOD.with("", "1").bytes().length;
        final byte[] value = GOOD.with("n".repeat(room), "1").bytes();

        // When / Then
        assertThat(value).hasSize(65536);
        assertThat(reader.read(value).isOk()).isTrue();
    }

    @Test
    void shouldAcceptNumbersLongerThanJacksonsDefaultLimit() {
        // Given: numbers of 5,000 digits and more (Jackson's default refuses over 1,000), integral,
        // fractional and with exponents far beyond a double's range, in a field and in an array
        final String digits = "9".repeat(5_000);
        final String[] numbers = {digits, "-" + digits, "0." + digits, digits + "." + digits + "e-" + digits.substring(0, 9),
                "1e" + digits.substring(0, 18), "-1.5E+999999999", "1e-999999999"};

        for (final String number : numbers) {
            // When
            final ReadResult read = reader.read(GOOD.with("n", number).with("list", "[" + number + ",{\"m\":" + number + "}]").bytes());

            // Then
            assertThat(read.isOk()).as("%d characters: %.40s", number.length(), number).isTrue();
        }
    }

    @Test
    void shouldAcceptANumberAsLongAsMaxBytesAllows() {
        // Given: one number fills the event to exactly 65536 bytes
        final int room = 65536 - GOOD.with("n", "").bytes().length;
        final byte[] value = GOOD.with("n", "7".repeat(room)).bytes();

        // When / Then
        assertThat(value).hasSize(65536);
        assertThat(reader.read(value).isOk()).isTrue();
    }

    @Test
    void shouldKeepTheEventIdOfAnInvalidEventWithALongNumberOrName() {
        // Given: events whose type is wrong, with a 5,000-digit number, or a 60,000-character name
        final Events.Event invalid = GOOD.withText("type", "X");

        // When / Then: INVALID with the id, not MALFORMED without it
        assertThat(reader.read(invalid.with("n", "1".repeat(5_000)).bytes()))
                .extracting(ReadResult::failure, ReadResult::eventId).containsExactly(DeadLetterReason.INVALID, "e-1");
        assertThat(reader.read(invalid.with("n".repeat(60_000), "true").bytes()))
                .extracting(ReadResult::failure, ReadResult::eventId).containsExactly(DeadLetterReason.INVALID, "e-1");
    }

    @Test
    void shouldAcceptManyNamesWithTheSameHash() {
        // Given: 512 distinct names of equal hash ("Ab" and "BA" hash alike, so any sequence of them does),
        // which a symbol table with a collision limit refuses as a suspected attack
        final StringBuilder json = new StringBuilder(GOOD.json().substring(0, GOOD.json().length() - 1));
        for (int i = 0; i < 512; i++) {
            final StringBuilder name = new StringBuilder();
            for (int bit = 0; bit < 9; bit++) {
                name.append((i >> bit & 1) == 0 ? "Ab" : "BA");
            }
            json.append(",\"").append(name).append("\":").append(i);
        }
        final byte[] value = bytes(json.append('}').toString());

        // When / Then: the value and then the plain event, as later records would be
        assertThat(reader.read(value).isOk()).isTrue();
        assertThat(reader.read(value).isOk()).isTrue();
        assertThat(reader.read(GOOD.bytes()).isOk()).isTrue();
    }

    @Test
    void shouldStillRefuseDuplicateNamesAndDepthBeyondSixtyFour() {
        assertThat(reader.read(GOOD.with("x", "{\"" + "n".repeat(30_000) + "\":1,\"" + "n".repeat(30_000) + "\":2}").bytes()).failure())
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(reader.read(GOOD.with("x", "[".repeat(64) + "]".repeat(64)).bytes()).failure())
                .isEqualTo(DeadLetterReason.MALFORMED);
    }
}
