package com.useroffers.offers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast canonical instant format and parse are exactly the JDK's, value for value and text for text. */
class InstantsTest {

    @Test
    void shouldFormatExactlyAsInstantToStringForRandomInstantsOfEveryPrecision() {
        final Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            final long seconds = random.nextLong() % 400_000_000_000L; // years about -10700 .. +14600
            final int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            final Instant instant = Instant.ofEpochSecond(seconds, nano);
            final String text = Instants.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            assertThat(Instants.parse(text)).isEqualTo(instant);
        }
    }

    @Test
    void shouldFormatTheEdgesOfTheFastPathAsTheJdkDoes() {
        for (final String text : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "2024-02-29T12:00:00.000001Z",
                "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"}) {
            final Instant instant = Instant.parse(text);
            assertThat(Instants.format(instant)).isEqualTo(instant.toString());
            assertThat(Instants.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void shouldRefuseWhatTheJdkRefuses() {
        for (final String text : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z",
                "2026-11-22T10:15:3xZ", "2026-11-22 10:15:30Z", "2026-11-22T10:15:30.12Z"}) {
            final boolean jdkRefuses = refuses(text);
            if (jdkRefuses) {
                assertThatThrownBy(() -> Instants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            } else {
                assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
    }

    private static boolean refuses(final String text) {
        try {
            Instant.parse(text);
            return false;
        } catch (final DateTimeParseException e) {
            return true;
        }
    }
}
