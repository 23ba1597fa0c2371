package com.useroffers.offers.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of the duration settings: ISO-8601 durations of fixed length. What
 * {@link Duration#parse} accepts ({@code P7D}, {@code PT12H}, {@code P1DT12H}, {@code PT0.5S}), and weeks
 * too ({@code P1W}, {@code P2W3D}), a day being exactly 24 hours. Months and years are refused: they
 * have no fixed length, and a setting such as a retention must mean the same time whenever it is read.
 */
public final class Durations {

    /** Weeks, then optional days and time: the part {@link Duration#parse} does not know is the weeks. */
    private static final Pattern WEEKS = Pattern.compile("([-+]?)P([-+]?[0-9]+)W(?:([-+]?[0-9]+)D)?(T.*)?",
            Pattern.CASE_INSENSITIVE);
    /** Years or months in the date part (before any {@code T}), where an M means months, not minutes. */
    private static final Pattern CALENDAR = Pattern.compile("[-+]?P(?:[-+]?[0-9]+[YMWD])*?[-+]?[0-9]+[YM].*",
            Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a one-line message saying why {@code text} is refused and
     *                                  giving an example of what is accepted
     */
    public static Duration parse(final String text) {
        try {
            final Matcher weeks = WEEKS.matcher(text);
            if (weeks.matches()) {
                final long days = Math.addExact(Math.multiplyExact(Long.parseLong(weeks.group(2)), 7),
                        weeks.group(3) == null ? 0 : Long.parseLong(weeks.group(3)));
                return Duration.parse(weeks.group(1) + "P" + days + "D" + (weeks.group(4) == null ? "" : weeks.group(4)));
            }
            return Duration.parse(text);
        } catch (final DateTimeParseException | ArithmeticException | NumberFormatException e) {
            if (CALENDAR.matcher(text).matches()) {
                throw new IllegalArgumentException("months and years have no fixed length: give weeks, days or hours, "
                        + "e.g. P30D, P4W or PT12H", e);
            }
            throw new IllegalArgumentException("is not an ISO-8601 duration of weeks, days, hours, minutes and seconds, "
                    + "e.g. P7D, P1W, P1DT12H or PT30S", e);
        }
    }
}
