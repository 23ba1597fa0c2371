package com.useroffers.offers.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What reset says about an input whose first records are gone (the broker side: {@code it/ResetIT}). */
class InputHistoryTest {

    private static final List<InputHistory.Truncated> TRUNCATED = List.of(
            new InputHistory.Truncated(new TopicPartition("user-offers", 1), 120),
            new InputHistory.Truncated(new TopicPartition("user-offers", 4), 87));

    @Test
    void shouldRefuseInOneLineNamingEachPartitionItsEarliestOffsetAndTheWayOut() {
        final String refusal = InputHistory.refusal("user-offers", TRUNCATED);

        assertThat(refusal).doesNotContain("\n")
                .startsWith("reset refused: the history of input topic 'user-offers' is no longer complete")
                .contains("user-offers-1 (earliest offset 120), user-offers-4 (earliest offset 87)")
                .endsWith("pass --allow-truncated-history if a partial replay is acceptable");
    }

    @Test
    void shouldSayWhatWillDifferWhenAPartialReplayIsAccepted() {
        final String warning = InputHistory.warning("user-offers", TRUNCATED);

        assertThat(warning).doesNotContain("\n")
                .contains("user-offers-1 (earliest offset 120), user-offers-4 (earliest offset 87)")
                .contains("rebuilt from partial history", "states and versions may differ",
                        "dead-lettered as INVALID_TRANSITION that were not before");
    }
}
