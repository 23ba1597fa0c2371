package com.useroffers.offers.bench;

import com.useroffers.offers.domain.Instants;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A bounded randomized check (not a test, run by hand): {@link Instants#format} equals
 * {@link Instant#toString()} and {@link Instants#parse} equals {@link Instant#parse}, including failures.
 * {@code java -cp ... com.useroffers.offers.bench.InstantsCheck [count]}; exits 1 on the first difference.
 */
public final class InstantsCheck {

    private InstantsCheck() {
    }

    public static void main(final String[] args) {
        final long count = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000;
        final SplittableRandom random = new SplittableRandom(1);
        final long[] nanos = {0, 1, 999_999_999, 1_000_000, 123_000_000, 123_456_000, 123_456_789, 500};
        for (long i = 0; i < count; i++) {
            final long second = random.nextLong(-70_000_000_000L, 300_000_000_000L);
            final int nano = random.nextBoolean() ? (int) nanos[random.nextInt(nanos.length)] : random.nextInt(1_000_000_000);
            final Instant instant = Instant.ofEpochSecond(second, nano);
            final String expected = instant.toString();
            check(Instants.format(instant).equals(expected), "format " + expected + " -> " + Instants.format(instant));
            check(Instants.parse(expected).equals(instant), "parse " + expected);
            final String mutated = mutate(expected, random);
            String jdk;
            try {
                jdk = Instant.parse(mutated).toString();
            } catch (final RuntimeException e) {
                jdk = e.getClass().getName();
            }
            String fast;
            try {
                fast = Instants.parse(mutated).toString();
            } catch (final RuntimeException e) {
                fast = e.getClass().getName();
            }
            check(jdk.equals(fast), "parse of " + mutated + ": jdk " + jdk + ", fast " + fast);
        }
        System.out.println("InstantsCheck: " + count + " instants, format and parse identical to the JDK");
    }

    private static String mutate(final String text, final SplittableRandom random) {
        final char[] chars = text.toCharArray();
        final int at = random.nextInt(chars.length);
        final String alphabet = "0123456789:-TZ.+ 3";
        chars[at] = alphabet.charAt(random.nextInt(alphabet.length()));
        return new String(chars);
    }

    private static void check(final boolean ok, final String what) {
        if (!ok) {
            System.out.println("DIFFERENT: " + what);
            System.exit(1);
        }
    }
}
