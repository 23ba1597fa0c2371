package com.useroffers.offers.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.OffersModel.Fate;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleKind;
import com.useroffers.offers.produce.SampleRecord;
import java.nio.charset.StandardCharsets;
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

    @Test
    void shouldEvaluateARedriveOfAnIdOnlyDeadLetteredAgainAndDropAnyOtherRepeat() {
        final ReferenceModel model = new ReferenceModel();
        final byte[] key = "u-1".getBytes(StandardCharsets.UTF_8);
        final byte[] redeem = Events.redeemed("e-2", "u-1", "A1", "2026-11-20T09:00:00Z").bytes();
        final byte[] assign = Events.assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z").bytes();

        assertThat(model.apply(key, redeem)).isEqualTo(Fate.INVALID_TRANSITION);      // no offer yet
        assertThat(model.apply(key, redeem, true)).isEqualTo(Fate.INVALID_TRANSITION); // redriven: evaluated again, still none
        assertThat(model.apply(key, redeem)).isEqualTo(Fate.DROPPED);                 // plain repeat: dropped
        assertThat(model.apply(key, assign)).isEqualTo(Fate.APPLIED);
        assertThat(model.apply(key, redeem, true)).isEqualTo(Fate.APPLIED);            // redriven: applies now
        assertThat(model.apply(key, redeem, true)).isEqualTo(Fate.DROPPED);            // applied id: a duplicate
        assertThat(model.apply(key, Events.redeemed("e-2", "u-1", "A1", "2026-11-20T09:30:00Z").bytes(), true))
                .isEqualTo(Fate.DUPLICATE_CONFLICT);                                   // other content: a conflict
        assertThat(model.finalStates().get("u-1")).contains("\"version\":2", "REDEEMED");
    }

    private static Fate expected(final SampleKind kind) {
        return switch (kind) {
            case VALID -> Fate.APPLIED;
            case DUPLICATE -> Fate.DROPPED;
            default -> Fate.valueOf(kind.deadLetterReason().name());
        };
    }
}
