package com.useroffers.offers.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A failure's text on one line, within a number of bytes of UTF-8 (here 1 KiB, the dead-letter header's). */
class OneLineTest {

    private static final int MAX_BYTES = 1024;

    @Test
    void shouldKeepAShortSingleLineTextAsItIs() {
        assertThat(OneLine.of("offerCode does not match ^[A-Z0-9][A-Z0-9_-]{0,63}$ (\u00E4\u20AC\uD83D\uDE00)", MAX_BYTES))
                .isEqualTo("offerCode does not match ^[A-Z0-9][A-Z0-9_-]{0,63}$ (\u00E4\u20AC\uD83D\uDE00)");
    }

    @Test
    void shouldTurnEveryLineBreakingCharacterIntoASpace() {
        assertThat(OneLine.of("a\nb\r\nc\u0085d\u2028e\u2029f\u0000g\u001Bh\uD800i", MAX_BYTES))
                .isEqualTo("a b  c d e f g h i");
    }

    @Test
    void shouldCutTheTextToTheMaximumBytesOnACharacterBoundary() {
        for (final String unit : new String[] {"a", "\u00E4", "\u20AC", "\uD83D\uDE00"}) {
            // When
            final String line = OneLine.of(unit.repeat(2000), MAX_BYTES);

            // Then
            final int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(unit).isLessThanOrEqualTo(1024).isGreaterThan(1024 - unitBytes);
            assertThat(line).as(unit).isEqualTo(unit.repeat(1024 / unitBytes));
        }
    }
}
