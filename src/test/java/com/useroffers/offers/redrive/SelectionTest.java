package com.useroffers.offers.redrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.redrive.Selection.Choice;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which dead letters a redrive sends, skips at max attempts, or passes over; and the --offsets syntax. */
class SelectionTest {

    private static final Instant FROM = Instant.parse("2026-11-22T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-23T00:00:00Z");
    private static final long INSIDE = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();

    @Test
    void shouldSendEveryDeadLetterWhenNothingIsChosen() {
        assertThat(Selection.ALL.choose("MALFORMED", 0, 5, 99, 0, 3)).isEqualTo(Choice.SEND);
        assertThat(Selection.ALL.choose(null, Long.MAX_VALUE, 0, 0, 2, 3)).isEqualTo(Choice.SEND); // no reason header
    }

    @Test
    void shouldSkipADeadLetterRedrivenMaxAttemptsTimesAndOnlyWhenSelected() {
        final Selection transitions = new Selection(Set.of(DeadLetterReason.INVALID_TRANSITION), null, null, List.of());

        assertThat(transitions.choose("INVALID_TRANSITION", 0, 0, 0, 2, 3)).isEqualTo(Choice.SEND);                  // third redrive
        assertThat(transitions.choose("INVALID_TRANSITION", 0, 0, 0, 3, 3)).isEqualTo(Choice.SKIP_AT_MAX_ATTEMPTS);  // a fourth: no
        assertThat(transitions.choose("MALFORMED", 0, 0, 0, 3, 3)).isEqualTo(Choice.NOT_SELECTED);                   // not selected first
    }

    @ParameterizedTest(name = "{0} at {1} ms, partition {2} offset {3}: {4}")
    @CsvSource({
        "INVALID_TRANSITION, 1795348800000, 3, 1200, SEND",          // reason, time and offset inside
        "STATE_LIMIT,        1795348800000, 3, 1350, SEND",          // last offset included
        "MALFORMED,          1795348800000, 3, 1200, NOT_SELECTED",  // other reason
        "INVALID_TRANSITION, 1795305600000, 3, 1200, SEND",          // exactly --from: included
        "INVALID_TRANSITION, 1795305599999, 3, 1200, NOT_SELECTED",  // before --from
        "INVALID_TRANSITION, 1795392000000, 3, 1200, NOT_SELECTED",  // exactly --to: excluded
        "INVALID_TRANSITION, 1795348800000, 3, 1199, NOT_SELECTED",  // before the range
        "INVALID_TRANSITION, 1795348800000, 3, 1351, NOT_SELECTED",  // after the range
        "INVALID_TRANSITION, 1795348800000, 4, 1200, NOT_SELECTED",  // another partition
        ",                   1795348800000, 3, 1200, NOT_SELECTED",  // no reason header, reasons chosen
    })
    void shouldSelectOnlyWhenEveryCriterionHolds(final String reason, final long timestamp, final int partition, final long offset,
                                                 final Choice expected) {
        final Selection selection = new Selection(Set.of(DeadLetterReason.INVALID_TRANSITION, DeadLetterReason.STATE_LIMIT),
                FROM, TO, List.of(OffsetRange.parse("3:1200-1350")));
        assertThat(FROM.plusSeconds(12 * 3600).toEpochMilli()).isEqualTo(INSIDE).isEqualTo(1795348800000L);

        assertThat(selection.choose(reason, timestamp, partition, offset, 0, 3)).isEqualTo(expected);
    }

    @Test
    void shouldBoundTheOffsetsToReadByTheRanges() {
        final Selection selection = new Selection(Set.of(), null, null, List.of(OffsetRange.parse("3:10-20"), OffsetRange.parse("3:40-45"),
                OffsetRange.parse("0:0-0")));

        assertThat(selection.partitions()).containsExactlyInAnyOrder(0, 3);
        assertThat(selection.firstOffset(3)).isEqualTo(10);
        assertThat(selection.endOffset(3)).isEqualTo(46);
        assertThat(selection.endOffset(0)).isEqualTo(1);
        assertThat(Selection.ALL.partitions()).isEmpty();
        assertThat(Selection.ALL.firstOffset(7)).isZero();
        assertThat(Selection.ALL.endOffset(7)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldParseAnOffsetRange() {
        assertThat(OffsetRange.parse("3:1200-1350")).isEqualTo(new OffsetRange(3, 1200, 1350));
        assertThat(OffsetRange.parse("0:7-7")).isEqualTo(new OffsetRange(0, 7, 7));
        assertThat(OffsetRange.parse("3:1200-1350")).hasToString("3:1200-1350");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "3:", "3:5", "3:5-", ":5-6", "a:1-2", "3:x-2", "3:9-2", "-1:1-2", "3:-1-2", "3:1-2-3"})
    void shouldRefuseAnythingElseAsAnOffsetRange(final String text) {
        assertThatThrownBy(() -> OffsetRange.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PARTITION:FROM-TO");
    }

    @Test
    void shouldRefuseAToNotAfterTheFrom() {
        assertThatThrownBy(() -> new Selection(Set.of(), TO, FROM, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--to");
    }
}
