package com.useroffers.offers.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleEventsTest {

    private static final int EVENTS = 10_000;

    @Test
    void shouldGiveTheSameRecordsForTheSameSeed() {
        final List<SampleRecord> first = generate(new SampleEvents(7, 100, 0.05, 0.02), 2_000);
        final List<SampleRecord> second = generate(new SampleEvents(7, 100, 0.05, 0.02), 2_000);

        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).kind()).as("kind of record %d", i).isEqualTo(first.get(i).kind());
            assertThat(second.get(i).key()).as("key of record %d", i).isEqualTo(first.get(i).key());
            assertThat(second.get(i).value()).as("value of record %d", i).isEqualTo(first.get(i).value());
        }
    }

    @Test
    void shouldGiveOtherRecordsForAnotherSeed() {
        final SampleRecord first = new SampleEvents(1, 100, 0, 0).next();
        final SampleRecord other = new SampleEvents(2, 100, 0, 0).next();

        assertThat(other.value()).isNotEqualTo(first.value());
    }

    @Test
    void shouldHonourTheDuplicateAndInvalidRatiosApproximately() {
        final Map<SampleKind, Integer> counts = count(new SampleEvents(42, 1000, 0.05, 0.02), EVENTS);

        final int bad = EVENTS - counts.get(SampleKind.VALID) - counts.get(SampleKind.DUPLICATE);
        assertThat(counts.get(SampleKind.DUPLICATE) / (double) EVENTS).isCloseTo(0.05, within(0.01));
        assertThat(bad / (double) EVENTS).isCloseTo(0.02, within(0.005));
    }

    @Test
    void shouldHonourOtherRatiosToo() {
        final Map<SampleKind, Integer> counts = count(new SampleEvents(3, 50, 0.2, 0.1), EVENTS);

        final int bad = EVENTS - counts.get(SampleKind.VALID) - counts.get(SampleKind.DUPLICATE);
        assertThat(counts.get(SampleKind.DUPLICATE) / (double) EVENTS).isCloseTo(0.2, within(0.02));
        assertThat(bad / (double) EVENTS).isCloseTo(0.1, within(0.015));
    }

    @Test
    void shouldProduceEveryKind() {
        final Map<SampleKind, Integer> counts = count(new SampleEvents(42, 1000, 0.05, 0.02), EVENTS);

        assertThat(counts.keySet()).containsExactlyInAnyOrder(SampleKind.values());
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isGreaterThan(10));
    }

    @Test
    void shouldProduceOnlyValidEventsWithZeroRatios() {
        assertThat(count(new SampleEvents(42, 10, 0, 0), 1_000)).containsOnlyKeys(SampleKind.VALID);
    }

    @Test
    void shouldKeyValidEventsByTheirUserIdWithValuesOfAbout150To250Bytes() {
        final SampleEvents sample = new SampleEvents(42, 1000, 0.05, 0.02);
        long bytes = 0;
        int count = 0;
        for (int i = 0; i < EVENTS; i++) {
            final SampleRecord record = sample.next();
            if (record.kind() == SampleKind.VALID || record.kind() == SampleKind.DUPLICATE) {
                final String value = new String(record.value(), StandardCharsets.UTF_8);
                assertThat(value).contains("\"userId\":\"" + new String(record.key(), StandardCharsets.UTF_8) + "\"");
                assertThat(record.value().length).as(value).isBetween(150, 260);
                bytes += record.value().length;
                count++;
            }
        }
        assertThat(bytes / count).isBetween(180L, 230L);
    }

    @Test
    void shouldKeepEveryUserInASingleUserSlotWhenThereIsOnlyOne() {
        final SampleEvents sample = new SampleEvents(42, 1, 0, 0);
        for (int i = 0; i < EVENTS; i++) {
            assertThat(new String(sample.next().key(), StandardCharsets.UTF_8)).startsWith("user-000000");
        }
    }

    @Test
    void shouldRefuseImpossibleSettings() {
        assertThatThrownBy(() -> new SampleEvents(1, 0, 0.05, 0.02)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleEvents(1, 10, -0.1, 0.02)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleEvents(1, 10, 0.7, 0.4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleEvents(1, 10, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<SampleRecord> generate(final SampleEvents sample, final int n) {
        final List<SampleRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(sample.next());
        }
        return records;
    }

    private static Map<SampleKind, Integer> count(final SampleEvents sample, final int n) {
        final Map<SampleKind, Integer> counts = new EnumMap<>(SampleKind.class);
        for (int i = 0; i < n; i++) {
            counts.merge(sample.next().kind(), 1, Integer::sum);
        }
        return counts;
    }
}
