package com.useroffers.offers.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.OffersModel.Fate;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleKind;
import com.useroffers.offers.produce.SampleRecord;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference model used by the real-broker tests and the sample generator used by {@code produce}
 * agree on the fate of every record: two independent readings of the contract checking each other.
 */
class ReferenceModelTest {

    @Test
    void shouldAgreeWithTheSampleGeneratorOnEveryRecordsFate() {
        final SampleEvents samples = new SampleEvents(7, 200, 0.05, 0.05);
        final ReferenceModel model = new ReferenceModel();
        final Map<Fate, Integer> seen = new EnumMap<>(Fate.class);
        for (int i = 0; i < 20_000; i++) {
            final SampleRecord record = samples.next();
            final Fate fate = model.apply(record.key(), record.value());
            assertThat(fate).as("record %d, a %s: %s", i, record.kind(), new String(record.value()))
                    .isEqualTo(expected(record.kind()));
            seen.merge(fate, 1, Integer::sum);
        }
        // Every fate but STATE_LIMIT: the generator gives a user far fewer offers than the default limit.
        assertThat(seen.keySet()).containsExactlyInAnyOrder(Arrays.stream(Fate.values())
                .filter(fate -> fate != Fate.STATE_LIMIT).toArray(Fate[]::new));
    }

    private static Fate expected(final SampleKind kind) {
        return switch (kind) {
            case VALID -> Fate.APPLIED;
            case DUPLICATE -> Fate.DROPPED;
            default -> Fate.valueOf(kind.deadLetterReason().name());
        };
    }
}
