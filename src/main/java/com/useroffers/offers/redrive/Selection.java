package com.useroffers.offers.redrive;

import com.useroffers.offers.model.DeadLetterReason;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which dead letters a {@code redrive} sends back, and what it does with each one it reads. Every
 * criterion given must hold; none given selects everything.
 *
 * @param reasons the {@code offers.dlq.reason} values to select; empty: every reason
 * @param from    the earliest dead-letter timestamp selected (included), or {@code null}
 * @param to      the timestamp from which dead letters are no longer selected (excluded), or {@code null}
 * @param offsets DLQ positions to select (any range may hold it); empty: every position
 */
public record Selection(Set<DeadLetterReason> reasons, Instant from, Instant to, List<OffsetRange> offsets) {

    /** What becomes of one dead letter. */
    public enum Choice {
        /** Produced to the input again. */
        SEND,
        /** Selected, but already redriven {@code --max-attempts} times: not sent, counted. */
        SKIP_AT_MAX_ATTEMPTS,
        /** Outside the selection: not sent, counted. */
        NOT_SELECTED
    }

    public static final Selection ALL = new Selection(Set.of(), null, null, List.of());

    public Selection {
        reasons = Set.copyOf(reasons);
        offsets = List.copyOf(offsets);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("--to " + to + " must be after --from " + from);
        }
    }

    /**
     * @param reason      the dead letter's {@code offers.dlq.reason}, {@code null} if it has none
     * @param timestamp   the dead letter's timestamp (the original record's)
     * @param redrives    how many times it was redriven before ({@code offers.redrive.count})
     * @param maxAttempts how many redrives of one record are allowed
     */
    public Choice choose(final String reason, final long timestamp, final int partition, final long offset,
                         final int redrives, final int maxAttempts) {
        if (!selects(reason, timestamp, partition, offset)) {
            return Choice.NOT_SELECTED;
        }
        return redrives >= maxAttempts ? Choice.SKIP_AT_MAX_ATTEMPTS : Choice.SEND;
    }

    boolean selects(final String reason, final long timestamp, final int partition, final long offset) {
        return (reasons.isEmpty() || reasons.stream().anyMatch(r -> r.name().equals(reason)))
                && (from == null || timestamp >= from.toEpochMilli())
                && (to == null || timestamp < to.toEpochMilli())
                && (offsets.isEmpty() || offsets.stream().anyMatch(range -> range.contains(partition, offset)));
    }

    /** The partitions the offset ranges name; empty when every partition is read. */
    public Set<Integer> partitions() {
        return offsets.stream().map(OffsetRange::partition).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The first offset any range selects in {@code partition}, or 0 (no range there, or none given). */
    public long firstOffset(final int partition) {
        return offsets.stream().filter(r -> r.partition() == partition).mapToLong(OffsetRange::from).min().orElse(0);
    }

    /** The offset after the last one any range selects in {@code partition}; {@code Long.MAX_VALUE} if unbounded. */
    public long endOffset(final int partition) {
        return offsets.isEmpty() ? Long.MAX_VALUE
                : offsets.stream().filter(r -> r.partition() == partition).mapToLong(r -> r.to() + 1).max().orElse(0);
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder();
        text.append(reasons.isEmpty() ? "every reason" : "reason " + reasons.stream().map(Enum::name).sorted().toList());
        if (from != null) {
            text.append(", timestamp from ").append(from);
        }
        if (to != null) {
            text.append(", timestamp before ").append(to);
        }
        if (!offsets.isEmpty()) {
            text.append(", offsets ").append(offsets);
        }
        return text.toString();
    }
}
