package com.useroffers.offers.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.serde.OfferStateSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The canonical state JSON reads back to the same state and writes again to the same bytes. */
class StateJsonTest {

    @Test
    void shouldRoundTripAStateToTheSameStateAndTheSameBytes() {
        // Given
        final TreeMap<String, Offer> offers = new TreeMap<>();
        offers.put("WELCOME10", Offer.assigned(Instant.parse("2026-11-01T09:00:00Z"), null).redeemed(Instant.parse("2026-11-22T10:15:30.5Z")));
        offers.put("SPRING25", Offer.assigned(Instant.parse("2026-11-20T08:00:00.000000001Z"), Instant.parse("2026-12-31T23:59:59Z")));
        offers.put("A1", Offer.assigned(Instant.parse("1970-01-01T00:00:00Z"), null));
        final OfferState state = new OfferState("\u00FC-\uD83D\uDE00-\"\\", 42, Instant.parse("2026-11-22T10:15:30.5Z"), "e-\u2028", offers);

        // When
        final byte[] written = StateJson.write(state);
        final OfferState read = StateJson.read(written);

        // Then
        assertThat(read).isEqualTo(state);
        assertThat(StateJson.write(read)).isEqualTo(written);
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(
                "{\"userId\":\"\u00FC-\uD83D\uDE00-\\\"\\\\\",\"version\":42,\"updatedAt\":\"2026-11-22T10:15:30.500Z\",\"lastEventId\":\"e-\u2028\","
                        + "\"offers\":{\"A1\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"1970-01-01T00:00:00Z\"},"
                        + "\"SPRING25\":{\"status\":\"ASSIGNED\",\"assignedAt\":\"2026-11-20T08:00:00.000000001Z\",\"expiresAt\":\"2026-12-31T23:59:59Z\"},"
                        + "\"WELCOME10\":{\"status\":\"REDEEMED\",\"assignedAt\":\"2026-11-01T09:00:00Z\",\"redeemedAt\":\"2026-11-22T10:15:30.500Z\"}}}");
    }

    @Test
    void shouldKeepATombstoneNullThroughTheSerde() {
        final OfferStateSerde serde = new OfferStateSerde();
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldWriteExactlyWhatTheJacksonWriterWritesForEveryKindOfString() {
        // Given: 20,000 seeded random states whose strings are plain ASCII (written without a generator) or
        // contain a quote, backslash, control character, DEL, non-ASCII or a non-BMP character (the generator's path)
        final SplittableRandom random = new SplittableRandom(7);
        final String[] alphabet = {"a", "Z", "0", "-", "_", " ", "~", "/", "\"", "\\", "\u0000", "\u001F", "\u007F",
            "\u00E9", "\u2028", "\uD83D\uDE00"};
        for (int i = 0; i < 20_000; i++) {
            final boolean plain = random.nextBoolean();
            final TreeMap<String, Offer> offers = new TreeMap<>();
            final int count = 1 + random.nextInt(12);
            for (int o = 0; o < count; o++) {
                final Instant assignedAt = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
                Offer offer = Offer.assigned(assignedAt, random.nextBoolean() ? null : assignedAt.plusMillis(1 + random.nextInt(1_000_000)));
                if (random.nextBoolean()) {
                    offer = offer.redeemed(assignedAt.plusSeconds(random.nextInt(1000)));
                }
                offers.put("C" + o + text(random, alphabet, plain && random.nextInt(10) > 0 ? 8 : alphabet.length), offer);
            }
            final OfferState state = new OfferState(text(random, alphabet, plain ? 8 : alphabet.length), random.nextLong(1, Long.MAX_VALUE),
                    Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)),
                    text(random, alphabet, plain ? 8 : alphabet.length), offers);

            // When / Then
            assertThat(StateJson.write(state)).as("state %s", state).isEqualTo(StateJson.writeWithJackson(state));
        }
    }

    /** 1-20 symbols drawn from the first {@code symbols} of the alphabet (the first 8 are plain). */
    private static String text(final SplittableRandom random, final String[] alphabet, final int symbols) {
        final StringBuilder text = new StringBuilder();
        final int length = 1 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(symbols)]);
        }
        return text.toString();
    }
}
