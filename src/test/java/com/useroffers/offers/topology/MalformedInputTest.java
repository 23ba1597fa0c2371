package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.DeadLetters.assertDeadLetter;
import static com.useroffers.offers.fixtures.Events.assigned;
import static com.useroffers.offers.fixtures.Events.redeemed;
import static com.useroffers.offers.fixtures.Events.revoked;
import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.fixtures.Sent;
import com.useroffers.offers.model.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input never stops processing: every malformed value (step 1) and every event breaking a
 * field rule (step 2) becomes one {@code MALFORMED} or {@code INVALID} dead letter, and the next good
 * record is still processed. The edges that are fine (128 characters, 64 levels, exactly
 * {@code offers.event.max-bytes}, ...) are applied.
 */
class MalformedInputTest {

    private static final Events.Event GOOD = assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z");
    private static final Events.Event NEXT = assigned("e-next", "u-next", "WELCOME10", "2026-11-21T08:00:00Z");

    // ---------------------------------------------------------------------------------------------
    // Step 1: MALFORMED

    static Stream<Arguments> malformedValues() {
        final String good = GOOD.json();
        final String body = good.substring(1, good.length() - 1);
        return Stream.of(
                malformed("null value", null),
                malformed("empty value", new byte[0]),
                malformed("whitespace only", bytes(" \r\n\t")),
                malformed("invalid UTF-8 byte FF", splice(good, "SPRING", new byte[] {(byte) 0xFF})),
                malformed("overlong '/' C0 AF", splice(good, "SPRING", new byte[] {(byte) 0xC0, (byte) 0xAF})),
                malformed("overlong NUL C0 80", splice(good, "SPRING", new byte[] {(byte) 0xC0, (byte) 0x80})),
                malformed("overlong 3-byte E0 80 AF", splice(good, "SPRING", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF})),
                malformed("CESU-8 / encoded surrogate ED A0 80", splice(good, "SPRING", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
                malformed("code point above U+10FFFF", splice(good, "SPRING", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})),
                malformed("truncated sequence at the end", concat(bytes(good), new byte[] {(byte) 0xE2, (byte) 0x82})),
                malformed("lone continuation byte", splice(good, "SPRING", new byte[] {(byte) 0x80})),
                malformed("UTF-8 byte-order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(good))),
                malformed("UTF-16BE", good.getBytes(StandardCharsets.UTF_16BE)),
                malformed("UTF-16LE", good.getBytes(StandardCharsets.UTF_16LE)),
                malformed("UTF-16 with byte-order mark", good.getBytes(StandardCharsets.UTF_16)),
                malformed("UTF-32", good.getBytes(Charset.forName("UTF-32"))),
                malformed("block comment", bytes("/* hi */" + good)),
                malformed("line comment", bytes("{" + body + ",\n// hi\n\"x\":1}")),
                malformed("hash comment", bytes("{" + body + ",\n# hi\n\"x\":1}")),
                malformed("single-quoted string", bytes("{" + body + ",'x':1}")),
                malformed("single-quoted value", bytes(good.replace("\"SPRING25\"", "'SPRING25'"))),
                malformed("unquoted name", bytes("{" + body + ",x:1}")),
                malformed("NaN", bytes("{" + body + ",\"x\":NaN}")),
                malformed("Infinity", bytes("{" + body + ",\"x\":-Infinity}")),
                malformed("leading zero", bytes("{" + body + ",\"x\":007}")),
                malformed("leading plus", bytes("{" + body + ",\"x\":+1}")),
                malformed("fraction without digits", bytes("{" + body + ",\"x\":1.}")),
                malformed("hex number", bytes("{" + body + ",\"x\":0x10}")),
                malformed("trailing comma", bytes("{" + body + ",}")),
                malformed("two objects", bytes(good + good)),
                malformed("two objects, whitespace between", bytes(good + "\n" + good)),
                malformed("object and garbage", bytes(good + "x")),
                malformed("object and a closing bracket", bytes(good + "]")),
                malformed("object and a NUL", bytes(good + "\u0000")),
                malformed("unterminated object", bytes("{" + body)),
                malformed("array at top level", bytes("[" + good + "]")),
                malformed("string at top level", bytes(Events.quote(good))),
                malformed("number at top level", bytes("42")),
                malformed("true at top level", bytes("true")),
                malformed("null at top level", bytes("null")),
                malformed("raw control character in a string", bytes(good.replace("SPRING25", "SPRING\t25"))),
                malformed("raw line break in a string", bytes(good.replace("SPRING25", "SPRING\n25"))),
                malformed("invalid escape", bytes(good.replace("SPRING25", "SPRING\\q25"))),
                malformed("truncated unicode escape", bytes(good.replace("SPRING25", "SPRING\\u00"))),
                malformed("65 levels of objects (root is level 1)", bytes("{" + body + ",\"x\":" + nestedObjects(64) + "}")),
                malformed("65 levels of arrays (root is level 1)", bytes("{" + body + ",\"x\":" + nestedArrays(64) + "}")),
                malformed("duplicated field name at top level", bytes("{" + body + ",\"type\":\"OFFER_ASSIGNED\"}")),
                malformed("duplicated field name, once escaped", bytes("{" + body + ",\"\\u0074ype\":\"OFFER_ASSIGNED\"}")),
                malformed("duplicated field name inside an unknown field", bytes("{" + body + ",\"x\":{\"a\":1,\"a\":1}}")),
                malformed("duplicated field name deep in an unknown array", bytes("{" + body + ",\"x\":[1,[{\"b\":{\"a\":1,\"a\":2}}]]}")));
    }

    private static Arguments malformed(final String name, final byte[] value) {
        return Arguments.of(Named.of(name, value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedValues")
    void shouldDeadLetterAMalformedValueAndProcessTheNextRecord(final byte[] value) {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            final Sent bad = driver.send(bytes("u-1"), value); // malformed: DLQ
            driver.send(NEXT);                                  // good: applied

            // Then
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertDeadLetter(deadLetters.get(0), bad, DeadLetterReason.MALFORMED, null);
            assertNextRecordApplied(driver);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Step 2: INVALID

    static Stream<Arguments> invalidEvents() {
        final Stream.Builder<Arguments> cases = Stream.builder();
        for (final String field : List.of("eventId", "userId", "type", "offerCode", "occurredAt")) {
            final String id = field.equals("eventId") ? null : "e-1";
            cases.add(invalid(field + " missing", GOOD.without(field), id));
            cases.add(invalid(field + " null", GOOD.with(field, "null"), id));
            cases.add(invalid(field + " a number", GOOD.with(field, "1"), id));
            cases.add(invalid(field + " a boolean", GOOD.with(field, "true"), id));
            cases.add(invalid(field + " an object", GOOD.with(field, "{}"), id));
            cases.add(invalid(field + " an array", GOOD.with(field, "[\"x\"]"), id));
        }
        for (final String field : List.of("eventId", "userId")) {
            final String id = field.equals("eventId") ? null : "e-1";
            cases.add(invalid(field + " empty", GOOD.withText(field, ""), id));
            cases.add(invalid(field + " 129 characters", GOOD.withText(field, "x".repeat(129)), id));
            cases.add(invalid(field + " 128 characters and an emoji", GOOD.withText(field, "x".repeat(128) + "\uD83D\uDE00"), id));
            cases.add(invalid(field + " with U+0000", GOOD.with(field, "\"a\\u0000b\""), id));
            cases.add(invalid(field + " with U+001F", GOOD.with(field, "\"a\\u001Fb\""), id));
            cases.add(invalid(field + " with U+007F", GOOD.with(field, "\"a\u007Fb\""), id));
            cases.add(invalid(field + " with U+0085 (raw)", GOOD.with(field, "\"a\u0085b\""), id));
            cases.add(invalid(field + " with U+009F (escaped)", GOOD.with(field, "\"a\\u009fb\""), id));
            cases.add(invalid(field + " with an unpaired high surrogate", GOOD.with(field, "\"a\\ud800\""), id));
            cases.add(invalid(field + " with an unpaired low surrogate", GOOD.with(field, "\"\\udc00a\""), id));
            cases.add(invalid(field + " with surrogates in the wrong order", GOOD.with(field, "\"\\ude00\\ud83d\""), id));
        }
        cases.add(invalid("type in lower case", GOOD.withText("type", "offer_assigned"), "e-1"));
        cases.add(invalid("type unknown", GOOD.withText("type", "OFFER_EXPIRED"), "e-1"));
        cases.add(invalid("type empty", GOOD.withText("type", ""), "e-1"));
        cases.add(invalid("offerCode with a trailing line break", GOOD.with("offerCode", "\"SPRING25\\n\""), "e-1"));
        cases.add(invalid("offerCode in lower case", GOOD.withText("offerCode", "spring25"), "e-1"));
        cases.add(invalid("offerCode of 65 characters", GOOD.withText("offerCode", "A".repeat(65)), "e-1"));
        cases.add(invalid("offerCode empty", GOOD.withText("offerCode", ""), "e-1"));
        cases.add(invalid("offerCode starting with '-'", GOOD.withText("offerCode", "-SPRING"), "e-1"));
        cases.add(invalid("offerCode starting with '_'", GOOD.withText("offerCode", "_SPRING"), "e-1"));
        cases.add(invalid("offerCode with a space", GOOD.withText("offerCode", "SPRING 25"), "e-1"));
        cases.add(invalid("offerCode with a non-ASCII letter", GOOD.withText("offerCode", "\u00C4PFEL"), "e-1"));
        cases.add(invalid("offerCode with fullwidth digits", GOOD.withText("offerCode", "\uFF11\uFF12"), "e-1"));
        cases.add(invalid("occurredAt a date", GOOD.withText("occurredAt", "2026-11-20"), "e-1"));
        cases.add(invalid("occurredAt without zone", GOOD.withText("occurredAt", "2026-11-20T08:00:00"), "e-1"));
        cases.add(invalid("occurredAt with a space", GOOD.withText("occurredAt", "2026-11-20 08:00:00Z"), "e-1"));
        cases.add(invalid("occurredAt month 13", GOOD.withText("occurredAt", "2026-13-20T08:00:00Z"), "e-1"));
        cases.add(invalid("occurredAt epoch seconds as text", GOOD.withText("occurredAt", "1732270530"), "e-1"));
        cases.add(invalid("occurredAt empty", GOOD.withText("occurredAt", ""), "e-1"));
        cases.add(invalid("expiresAt equal to occurredAt", GOOD.expiresAt("2026-11-20T08:00:00Z"), "e-1"));
        cases.add(invalid("expiresAt the same instant as occurredAt, with an offset",
                GOOD.expiresAt("2026-11-20T10:00:00+02:00"), "e-1"));
        cases.add(invalid("expiresAt before occurredAt", GOOD.expiresAt("2026-11-20T07:59:59.999Z"), "e-1"));
        cases.add(invalid("expiresAt not an instant", GOOD.expiresAt("tomorrow"), "e-1"));
        cases.add(invalid("expiresAt a number", GOOD.with("expiresAt", "1893456000"), "e-1"));
        cases.add(invalid("expiresAt on OFFER_REDEEMED",
                redeemed("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z"), "e-1"));
        cases.add(invalid("expiresAt on OFFER_REVOKED",
                revoked("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z"), "e-1"));
        cases.add(invalid("empty object", eventWithoutFields(), null));
        return cases.build();
    }

    private static Events.Event eventWithoutFields() {
        return GOOD.without("eventId").without("userId").without("type").without("offerCode").without("occurredAt");
    }

    private static Arguments invalid(final String name, final Events.Event event, final String eventId) {
        return Arguments.of(Named.of(name, event), eventId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void shouldDeadLetterAnInvalidEventAndProcessTheNextRecord(final Events.Event event, final String eventId) {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            final Sent bad = driver.send(bytes("u-1"), event.bytes()); // bad field: DLQ
            driver.send(NEXT);                                          // good: applied

            // Then
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertDeadLetter(deadLetters.get(0), bad, DeadLetterReason.INVALID, eventId);
            assertNextRecordApplied(driver);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The edges that are fine

    static Stream<Arguments> acceptedEvents() {
        final String body = GOOD.json().substring(1, GOOD.json().length() - 1);
        final String emojiUser = "x".repeat(127) + "\uD83D\uDE00";
        return Stream.of(
                accepted("eventId of 128 characters", GOOD.withText("eventId", "e".repeat(128))),
                accepted("userId of 128 characters", GOOD.withText("userId", "u".repeat(128))),
                accepted("eventId of 127 characters and an emoji (one character)", GOOD.withText("eventId", emojiUser)),
                accepted("userId of 127 characters and an emoji (one character)", GOOD.withText("userId", emojiUser)),
                accepted("userId of one character", GOOD.withText("userId", "u")),
                accepted("ids with U+00A0 and U+2028 (not Cc)", GOOD.withText("eventId", "e\u00A0\u2028").withText("userId", "\u00FCser\u00A0")),
                accepted("ids with escaped characters", GOOD.with("eventId", "\"e\\\"1\\\\\\/\"")),
                accepted("a valid surrogate pair, escaped", GOOD.with("eventId", "\"e\\ud83d\\ude00\"")),
                accepted("offerCode of one character", GOOD.withText("offerCode", "7")),
                accepted("offerCode of 64 characters", GOOD.withText("offerCode", "A" + "-_9Z".repeat(15) + "ZZZ")),
                accepted("occurredAt with an offset", GOOD.withText("occurredAt", "2026-11-20T10:00:00+02:00")),
                accepted("occurredAt with nanoseconds", GOOD.withText("occurredAt", "2026-11-20T08:00:00.123456789Z")),
                accepted("expiresAt one nanosecond after occurredAt", GOOD.expiresAt("2026-11-20T08:00:00.000000001Z")),
                accepted("expiresAt null", GOOD.with("expiresAt", "null")),
                accepted("unknown fields of every kind", GOOD.with("source", "\"crm\"").with("n", "-1.5e3").with("flag", "false")
                        .with("nested", "{\"a\":[1,{\"b\":null}],\"c\":{}}").with("nothing", "null").with("\u00E9t\u00E9", "[]")),
                accepted("unknown field with an unpaired surrogate", GOOD.with("x", "\"\\ud800\"")),
                accepted("64 levels of objects (root is level 1)", "{" + body + ",\"x\":" + nestedObjects(63) + "}"),
                accepted("64 levels of arrays (root is level 1)", "{" + body + ",\"x\":" + nestedArrays(63) + "}"),
                accepted("reversed field order", GOOD.reversed()));
    }

    private static Arguments accepted(final String name, final Events.Event event) {
        return Arguments.of(Named.of(name, event.json()), event.userId());
    }

    /** Whole JSON of an event of GOOD's user. */
    private static Arguments accepted(final String name, final String json) {
        return Arguments.of(Named.of(name, json), GOOD.userId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedEvents")
    void shouldApplyAnEventAtTheEdgeOfTheRules(final String json, final String key) {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(key, json); // edge, still fine: applied

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldAcceptTrailingAndLeadingWhitespace() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send("u-1", GOOD.spaced()); // whitespace around and inside: applied

            // Then
            assertThat(driver.stateRecords()).hasSize(1);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldAcceptExpiresAtNullOnRedeemedAndRevoked() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            driver.send(assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z"));                         // applied: v1
            driver.send(assigned("e-2", "u-1", "B2", "2026-11-20T08:00:00Z"));                         // applied: v2
            driver.send(redeemed("e-3", "u-1", "A1", "2026-11-21T08:00:00Z").with("expiresAt", "null")); // null is absent: v3
            driver.send(revoked("e-4", "u-1", "B2", "2026-11-21T08:00:00Z").with("expiresAt", "null"));  // null is absent: v4

            // Then
            assertThat(driver.stateRecords()).hasSize(4);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // offers.event.max-bytes

    @Test
    void shouldAcceptAValueOfExactlyTheDefaultMaxBytesAndRejectOneByteMore() {
        try (OffersDriver driver = new OffersDriver()) {
            assertThat(driver.config().eventMaxBytes()).isEqualTo(65536);

            // When
            driver.send(bytes("u-1"), paddedTo(GOOD, 65536, "a"));                  // at the limit: applied
            final Sent over = driver.send(bytes("u-1"), paddedTo(GOOD, 65537, "a")); // one byte over: DLQ
            driver.send(NEXT);                                                        // good: applied

            // Then
            assertThat(driver.stateRecords()).extracting(record -> OffersDriver.text(record.key())).containsExactly("u-1", "u-next");
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertDeadLetter(deadLetters.get(0), over, DeadLetterReason.MALFORMED, null);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldCountTheLimitInBytesNotCharacters() {
        try (OffersDriver driver = new OffersDriver(Map.of(OffersConfig.EVENT_MAX_BYTES, "512"))) {
            // When
            driver.send(bytes("u-1"), paddedTo(GOOD, 512, "\u00E4"));                  // 512 bytes of which many 2-byte: applied
            final Sent over = driver.send(bytes("u-1"), paddedTo(GOOD, 513, "\u00E4")); // 513 bytes, under 512 characters: DLQ
            final Sent far = driver.send(bytes("u-1"), paddedTo(GOOD, 4096, " "));      // whitespace counts too: DLQ
            driver.send(NEXT);                                                          // good: applied

            // Then
            assertThat(driver.stateRecords()).extracting(record -> OffersDriver.text(record.key())).containsExactly("u-1", "u-next");
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(2);
            assertDeadLetter(deadLetters.get(0), over, DeadLetterReason.MALFORMED, null);
            assertDeadLetter(deadLetters.get(1), far, DeadLetterReason.MALFORMED, null);
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Only the contract's limits: none of the JSON library's own

    @Test
    void shouldApplyEventsWithANameOrANumberAsLongAsTheMaxBytesAllow() {
        try (OffersDriver driver = new OffersDriver()) {
            // Given: 65536-byte events, one with a 60,000-character unknown name, one with a 5,000-digit
            // number and a name that fills the rest (Jackson's defaults: 50,000 and 1,000)
            final byte[] longName = filledTo(GOOD.with("n".repeat(60_000), "true"), 65536);
            final byte[] longNumber = filledTo(GOOD.withText("eventId", "e-2").with("n", "9".repeat(5_000)), 65536);

            // When
            driver.send(bytes("u-1"), longName);   // applied
            driver.send(bytes("u-1"), longNumber); // applied (same offer, re-assigned)
            driver.send(NEXT);                     // good: applied

            // Then
            assertThat(driver.stateRecords()).extracting(record -> OffersDriver.text(record.key())).containsExactly("u-1", "u-1", "u-next");
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
    }

    @Test
    void shouldKeepTheEventIdOfAnInvalidEventWithAVeryLongNumber() {
        try (OffersDriver driver = new OffersDriver()) {
            // When
            final Sent invalid = driver.send(bytes("u-1"), GOOD.withText("type", "OFFER_LOST").with("n", "1".repeat(5_000)).bytes()); // bad type: DLQ
            driver.send(NEXT); // good: applied

            // Then
            final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertDeadLetter(deadLetters.get(0), invalid, DeadLetterReason.INVALID, "e-1");
            assertNextRecordApplied(driver);
        }
    }

    /** {@code event} with an unknown field {@code "z":"aaa..."} that makes it exactly {@code size} bytes. */
    private static byte[] filledTo(final Events.Event event, final int size) {
        final int room = size - event.with("z", "\"\"").bytes().length;
        final byte[] value = event.withText("z", "a".repeat(room)).bytes();
        assertThat(value).hasSize(size);
        return value;
    }

    /**
     * {@code event} with an unknown field (or, for {@code " "}, trailing whitespace) padding it to
     * exactly {@code size} bytes; the fill is ASCII where needed to hit the size exactly.
     */
    private static byte[] paddedTo(final Events.Event event, final int size, final String fill) {
        if (fill.equals(" ")) {
            final byte[] json = event.bytes();
            return concat(json, bytes(" ".repeat(size - json.length)));
        }
        final int base = event.with("pad", "\"\"").bytes().length;
        final int fillBytes = bytes(fill).length;
        final int room = size - base;
        final String pad = fill.repeat(room / fillBytes) + "a".repeat(room % fillBytes);
        final byte[] value = event.withText("pad", pad).bytes();
        assertThat(value).hasSize(size);
        return value;
    }

    // ---------------------------------------------------------------------------------------------

    private static void assertNextRecordApplied(final OffersDriver driver) {
        final List<TestRecord<byte[], byte[]>> states = driver.stateRecords();
        assertThat(states).hasSize(1);
        assertThat(OffersDriver.text(states.get(0).key())).isEqualTo("u-next");
        assertThat(driver.stateIsEmpty()).isTrue();
        assertThat(driver.deadLettersIsEmpty()).isTrue();
    }

    /** {@code levels} nested objects: {"a":{"a":...{}}}. */
    private static String nestedObjects(final int levels) {
        return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }

    private static String nestedArrays(final int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    /** {@code json} with {@code inserted} bytes placed just before the first occurrence of {@code before}. */
    private static byte[] splice(final String json, final String before, final byte[] inserted) {
        final int at = json.indexOf(before);
        return concat(concat(bytes(json.substring(0, at)), inserted), bytes(json.substring(at)));
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
