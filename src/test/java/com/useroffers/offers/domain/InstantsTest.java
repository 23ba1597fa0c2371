package com.useroffers.offers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The fast canonical instant format and parse are exactly the JDK's, value for value, text for text and failure for failure. */
class InstantsTest {

    private static final int RANDOM_INSTANTS = 200_000;
    /** Every other text is mutated: most mutants fail to parse, and the two exceptions they cost are most of the time. */
    private static final int MUTANT_EVERY = 2;
    /** Enough differences to see a pattern in a failure message, not so many that it drowns. */
    private static final int DIFFERENCES_SHOWN = 20;
    private static final int[] NANOS = {0, 1, 500, 999_999_999, 1_000_000, 123_000_000, 123_456_000, 123_456_789};
    private static final String MUTATIONS = "0123456789:-TZ.+ 3";

    /**
     * A seeded fuzz: random instants of every precision, mostly around the fast path's years 0000-9999 and
     * either side of it, a quarter of them anywhere in years about -10700..14600. Each one is formatted
     * and its text parsed; every other text is then mutated (a character replaced, inserted or deleted)
     * and the mutant must parse to the JDK's instant or fail with the JDK's exception and message.
     */
    @Test
    void shouldFormatAndParseRandomInstantsAndTheirMutantsExactlyAsTheJdk() {
        // Given
        final SplittableRandom random = new SplittableRandom(1);
        final List<String> differences = new ArrayList<>();

        for (int i = 0; i < RANDOM_INSTANTS && differences.size() < DIFFERENCES_SHOWN; i++) {
            final Instant instant = Instant.ofEpochSecond(randomSecond(random), randomNano(random));
            final String text = instant.toString();

            // When
            final String formatted = Instants.format(instant);
            final String parsed = outcome(Instants::parse, text);

            // Then
            expect(differences, "format of " + text, formatted, text);
            expect(differences, "parse of " + text, parsed, text);
            if (i % MUTANT_EVERY == 0) {
                final String mutant = mutate(text, random);
                expect(differences, "parse of " + mutant, outcome(Instants::parse, mutant), outcome(Instant::parse, mutant));
            }
        }
        assertThat(differences).as("differences from the JDK").isEmpty();
    }

    @Test
    void shouldFormatTheEdgesOfTheFastPathAsTheJdkDoes() {
        for (final String text : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "2024-02-29T12:00:00.000001Z",
                "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.999999999Z", "0000-02-29T00:00:00Z",
                "2000-02-29T23:59:59Z", "1900-03-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
                "+1000000000-12-31T23:59:59.999999999Z"}) {
            final Instant instant = Instant.parse(text);
            assertThat(Instants.format(instant)).as(text).isEqualTo(instant.toString());
            assertThat(Instants.parse(instant.toString())).as(text).isEqualTo(instant);
        }
    }

    @Test
    void shouldRefuseWhatTheJdkRefuses() {
        for (final String text : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z",
                "2026-11-22T10:15:3xZ", "2026-11-22 10:15:30Z", "2026-11-22T10:15:30.12Z", "1900-02-29T00:00:00Z",
                "2026-11-22T10:15:60Z", "2026-12-31T23:59:60Z", "2026-11-22T10:15:30.1234Z", "2026-11-22T10:15:30"}) {
            final boolean jdkRefuses = refuses(text);
            if (jdkRefuses) {
                assertThatThrownBy(() -> Instants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            } else {
                assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
    }

    private static long randomSecond(final SplittableRandom random) {
        return random.nextInt(4) == 0
                ? random.nextLong(-400_000_000_000L, 400_000_000_000L)
                : random.nextLong(-70_000_000_000L, 300_000_000_000L);
    }

    /** Every precision the format distinguishes (none, milli, micro, nano) and the values at their edges. */
    private static int randomNano(final SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> NANOS[random.nextInt(NANOS.length)];
            case 1 -> 0;
            case 2 -> random.nextInt(1000) * 1_000_000;
            case 3 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
    }

    private static String mutate(final String text, final SplittableRandom random) {
        final StringBuilder mutant = new StringBuilder(text);
        final int at = random.nextInt(text.length());
        final char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        switch (random.nextInt(4)) {
            case 0 -> mutant.insert(at, c);
            case 1 -> mutant.deleteCharAt(at);
            default -> mutant.setCharAt(at, c);
        }
        return mutant.toString();
    }

    /** The parsed instant's text, or the exception's class and message: what must be the same as the JDK's. */
    private static String outcome(final Function<String, Instant> parse, final String text) {
        try {
            return parse.apply(text).toString();
        } catch (final RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** Plain comparison: one AssertJ assertion per value would make 600,000 of them. */
    private static void expect(final List<String> differences, final String what, final String actual, final String expected) {
        if (!actual.equals(expected)) {
            differences.add(what + ": " + actual + ", JDK: " + expected);
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
