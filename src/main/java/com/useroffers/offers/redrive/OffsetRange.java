package com.useroffers.offers.redrive;

/**
 * The dead letters of one DLQ partition from offset {@code from} to offset {@code to}, both included:
 * the {@code --offsets PARTITION:FROM-TO} of {@code redrive}.
 */
public record OffsetRange(int partition, long from, long to) {

    public OffsetRange {
        if (partition < 0 || from < 0 || to < from) {
            throw new IllegalArgumentException("an offset range is PARTITION:FROM-TO with 0 <= FROM <= TO, not "
                    + partition + ":" + from + "-" + to);
        }
    }

    /** Parses {@code PARTITION:FROM-TO}, e.g. {@code 3:1200-1350}. */
    public static OffsetRange parse(final String text) {
        final int colon = text.indexOf(':');
        final int dash = text.indexOf('-', colon + 1);
        if (colon <= 0 || dash <= colon + 1 || dash == text.length() - 1) {
            throw new IllegalArgumentException("expected PARTITION:FROM-TO (e.g. 3:1200-1350), not '" + text + "'");
        }
        try {
            return new OffsetRange(Integer.parseInt(text.substring(0, colon)),
                    Long.parseLong(text.substring(colon + 1, dash)), Long.parseLong(text.substring(dash + 1)));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("expected PARTITION:FROM-TO with decimal numbers (e.g. 3:1200-1350), not '" + text + "'");
        }
    }

    public boolean contains(final int partition, final long offset) {
        return partition == this.partition && offset >= from && offset <= to;
    }

    @Override
    public String toString() {
        return partition + ":" + from + "-" + to;
    }
}
