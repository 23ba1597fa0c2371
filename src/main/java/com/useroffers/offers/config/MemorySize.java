package com.useroffers.offers.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of the memory size settings: a whole number of bytes ({@code 268435456}) or of
 * binary units ({@code 512KiB}, {@code 256MiB}, {@code 1GiB}; a space before the unit and any letter
 * case are accepted). Decimal units ({@code MB}, {@code GB}) and fractions are refused rather than
 * guessed: whether {@code 256MB} means 10^6 or 2^20 bytes, and so whether a container is big enough,
 * must not depend on the reader.
 */
public final class MemorySize {

    public static final long KIB = 1024L;
    public static final long MIB = 1024L * KIB;
    public static final long GIB = 1024L * MIB;

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})\\s?(KiB|MiB|GiB)?", Pattern.CASE_INSENSITIVE);
    private static final String EXPECTED = "give bytes or a whole number of KiB, MiB or GiB (powers of 1024), "
            + "e.g. 256MiB or 1GiB";

    private MemorySize() {
    }

    /**
     * @throws IllegalArgumentException with a one-line message saying why {@code text} is refused and
     *                                  giving an example of what is accepted
     */
    public static long parse(final String text) {
        final Matcher size = SIZE.matcher(text.trim());
        if (!size.matches()) {
            throw new IllegalArgumentException("is not a memory size: " + EXPECTED);
        }
        try {
            return Math.multiplyExact(Long.parseLong(size.group(1)), unit(size.group(2)));
        } catch (final ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("is too large a memory size: " + EXPECTED, e);
        }
    }

    /** {@code bytes} in the largest binary unit that divides it exactly, e.g. {@code 256 MiB}, {@code 1000 bytes}. */
    public static String format(final long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + " GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " bytes";
    }

    private static long unit(final String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "kib" -> KIB;
            case "mib" -> MIB;
            default -> GIB;
        };
    }
}
