package com.useroffers.offers.domain;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} and {@link Instant#parse} for the canonical form the state JSON uses
 * ({@code 2026-11-20T08:00:00Z}, optionally {@code .SSS}, {@code .SSSSSS} or {@code .SSSSSSSSS}), without
 * {@code DateTimeFormatter}, which every applied event went through (it reads and writes a user's whole
 * state) and which showed in the stream thread's CPU profile ({@code ./bench.sh --jfr}, then
 * {@code --hot}). Anything outside the hand-written
 * path (years outside 0000-9999, another shape) is handed to the JDK, so the results are exactly the JDK's.
 */
public final class Instants {

    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    /** The most ASCII bytes {@link #write} writes: {@code 9999-12-31T23:59:59.999999999Z}. */
    public static final int MAX_LENGTH = 30;

    private Instants() {
    }

    /** Exactly {@code instant.toString()}. */
    public static String format(final Instant instant) {
        final long seconds = instant.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            return instant.toString();
        }
        final byte[] text = new byte[MAX_LENGTH];
        return new String(text, 0, write(text, 0, instant), StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code instant.toString()} as ASCII into {@code out} at {@code at} (room for {@link #MAX_LENGTH}
     * bytes needed) and returns the index after it, for an instant of the years 0000-9999; any other
     * instant returns {@code -1} and writes nothing (the caller then uses {@link #format}, i.e. the JDK).
     * The date comes from the day number by Hinnant's days-to-civil arithmetic, without a {@code LocalDate}.
     */
    public static int write(final byte[] out, final int at, final Instant instant) {
        final long seconds = instant.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            return -1;
        }
        final long days = Math.floorDiv(seconds, 86_400L);
        final int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // days-to-civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"), eras of 400 years from 0000-03-01.
        final long z = days + 719_468L;
        final long era = Math.floorDiv(z, 146_097L);
        final int dayOfEra = (int) (z - era * 146_097L);
        final int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final int shiftedMonth = (5 * dayOfYear + 2) / 153;
        final int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        final int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        final int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
        final int nano = instant.getNano();
        final int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
        digits(out, at, year, 4);
        out[at + 4] = '-';
        digits(out, at + 5, month, 2);
        out[at + 7] = '-';
        digits(out, at + 8, day, 2);
        out[at + 10] = 'T';
        digits(out, at + 11, secondOfDay / 3600, 2);
        out[at + 13] = ':';
        digits(out, at + 14, secondOfDay / 60 % 60, 2);
        out[at + 16] = ':';
        digits(out, at + 17, secondOfDay % 60, 2);
        int end = at + 19;
        if (fraction > 0) {
            out[end++] = '.';
            digits(out, end, fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1000 : nano, fraction);
            end += fraction;
        }
        out[end] = 'Z';
        return end + 1;
    }

    /** Exactly {@code Instant.parse(text)} (same value, same exceptions). */
    public static Instant parse(final String text) {
        final int length = text.length();
        final boolean shape = (length == 20 || length == 24 || length == 27 || length == 30)
                && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':'
                && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z' && (length == 20 || text.charAt(19) == '.');
        if (!shape) {
            return Instant.parse(text);
        }
        final int year = number(text, 0, 4);
        final int month = number(text, 5, 2);
        final int day = number(text, 8, 2);
        final int hour = number(text, 11, 2);
        final int minute = number(text, 14, 2);
        final int second = number(text, 17, 2);
        final int fraction = length == 20 ? 0 : number(text, 20, length - 21);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
            // A leap second, a bad digit, day 29-31 of a short month: the JDK decides (and words the error).
            return Instant.parse(text);
        }
        final int nano = length == 20 ? 0 : length == 24 ? fraction * 1_000_000 : length == 27 ? fraction * 1000 : fraction;
        final long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (final DateTimeException e) {
            return Instant.parse(text);
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nano);
    }

    private static void digits(final byte[] text, final int at, final int value, final int width) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }

    /** The non-negative number in {@code width} ASCII digits at {@code at}, or -1 if any is not a digit. */
    private static int number(final String text, final int at, final int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
