package com.useroffers.offers.topology;

import static com.useroffers.offers.fixtures.OffersDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.DeadLetters;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.fixtures.OffersModel;
import com.useroffers.offers.fixtures.OffersModel.Fate;
import com.useroffers.offers.fixtures.RandomEvents;
import com.useroffers.offers.fixtures.Sent;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded random sequences (200 x 50 records keyed by user, 100 x 50 not keyed by user)
 * through the production topology, checked record by record against {@link OffersModel}, an
 * independent reference model: every input record has exactly one outcome (the state the model emits,
 * a dead letter with the reason the model expects, or nothing for an exact duplicate), versions per
 * user run 1..n with no gap between tombstones, and each user's final state is the model's, byte for
 * byte. Keyed by user, the sequences run with {@code offers.state.max-offers=2} (three offer codes per
 * user), so that the limit is met often; not keyed by user, at the default limit.
 */
class RandomizedModelTest {

    private static final int RECORDS_PER_SEQUENCE = 50;
    /** Below the generator's three offer codes per user. */
    private static final int LOW_MAX_OFFERS = 2;
    private static final Pattern VERSION = Pattern.compile("^\\{\"userId\":\"(?:[^\"\\\\]|\\\\.)*\",\"version\":(\\d+),");

    @Test
    void shouldMatchTheReferenceModelKeyedByUser() {
        assertMatchesModel(true, LOW_MAX_OFFERS, 0, 200);
    }

    @Test
    void shouldMatchTheReferenceModelNotKeyedByUser() {
        assertMatchesModel(false, OffersModel.DEFAULT_MAX_OFFERS, 1_000, 100);
    }

    private static void assertMatchesModel(final boolean keyedByUser, final int maxOffers, final long firstSeed, final int sequences) {
        final Map<Fate, Integer> fates = new EnumMap<>(Fate.class);
        int tombstones = 0;
        // Sequences use disjoint users, so they share one driver as they would share a partition.
        final Map<String, String> overrides = new HashMap<>(keyedByUser ? Map.of() : OffersDriver.notKeyedByUser());
        overrides.put(OffersConfig.STATE_MAX_OFFERS, Integer.toString(maxOffers));
        try (OffersDriver driver = new OffersDriver(overrides)) {
            for (long seed = firstSeed; seed < firstSeed + sequences; seed++) {
                final OffersModel model = new OffersModel(maxOffers);
                final RandomEvents events = new RandomEvents(seed, model, keyedByUser, T0);
                final Map<String, Long> lastVersion = new HashMap<>();
                final Map<String, String> lastState = new HashMap<>();
                for (int i = 0; i < RECORDS_PER_SEQUENCE; i++) {
                    // Given
                    final RandomEvents.Input input = events.next();
                    final Fate fate = switch (input.kind()) {
                        case EVENT -> model.accept(input.event());
                        case MALFORMED -> Fate.MALFORMED;
                        case INVALID -> Fate.INVALID;
                        case KEY_MISMATCH -> Fate.KEY_MISMATCH;
                    };
                    fates.merge(fate, 1, Integer::sum);
                    final String where = "seed " + seed + ", record " + i + ", " + input.kind() + " " + describe(input);

                    // When
                    final Sent sent = driver.send(input.key(), input.value(), new RecordHeaders(), input.timestamp());

                    // Then: exactly one outcome, the expected one
                    final List<TestRecord<byte[], byte[]>> states = driver.stateRecords();
                    final List<TestRecord<byte[], byte[]>> deadLetters = driver.deadLetters();
                    switch (fate) {
                        case APPLIED -> {
                            assertThat(deadLetters).as(where).isEmpty();
                            assertThat(states).as(where).hasSize(1);
                            final String userId = input.event().userId();
                            final TestRecord<byte[], byte[]> state = states.get(0);
                            assertThat(OffersDriver.text(state.key())).as(where).isEqualTo(userId);
                            assertThat(OffersDriver.text(state.value())).as(where).isEqualTo(model.lastEmitted());
                            final long expectedVersion = lastVersion.getOrDefault(userId, 0L) + 1;
                            if (state.value() == null) {
                                lastVersion.remove(userId);
                                tombstones++;
                            } else {
                                assertThat(version(state.value())).as(where + ": version").isEqualTo(expectedVersion);
                                lastVersion.put(userId, expectedVersion);
                            }
                            lastState.put(userId, OffersDriver.text(state.value()));
                        }
                        case DROPPED -> {
                            assertThat(states).as(where).isEmpty();
                            assertThat(deadLetters).as(where).isEmpty();
                        }
                        default -> {
                            assertThat(states).as(where).isEmpty();
                            assertThat(deadLetters).as(where).hasSize(1);
                            final TestRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
                            assertThat(DeadLetters.header(deadLetter, DeadLetters.REASON)).as(where).isEqualTo(fate.name());
                            assertThat(deadLetter.key()).as(where).isEqualTo(sent.key());
                            assertThat(deadLetter.value()).as(where).isEqualTo(sent.value());
                            assertThat(deadLetter.timestamp()).as(where).isEqualTo(sent.timestamp());
                            assertThat(DeadLetters.header(deadLetter, DeadLetters.OFFSET)).as(where).isEqualTo(Long.toString(sent.offset()));
                        }
                    }
                }
                // Then: each user's last emitted state is the model's final state
                for (final Map.Entry<String, String> user : lastState.entrySet()) {
                    assertThat(user.getValue()).as("seed %d, final state of %s", seed, user.getKey()).isEqualTo(model.stateOf(user.getKey()));
                }
            }
            assertThat(driver.stateIsEmpty()).isTrue();
            assertThat(driver.deadLettersIsEmpty()).isTrue();
        }
        // And the sequences did exercise every outcome, many times
        assertThat(fates.keySet()).containsAll(keyedByUser ? List.of(Fate.values())
                : List.of(Fate.APPLIED, Fate.DROPPED, Fate.MALFORMED, Fate.INVALID, Fate.DUPLICATE_CONFLICT, Fate.INVALID_TRANSITION));
        assertThat(fates.values()).allSatisfy(count -> assertThat(count).isGreaterThan(sequences / 4));
        assertThat(tombstones).isGreaterThan(sequences / 4);
    }

    private static long version(final byte[] state) {
        final Matcher matcher = VERSION.matcher(new String(state, StandardCharsets.UTF_8));
        assertThat(matcher.find()).as("version in %s", new String(state, StandardCharsets.UTF_8)).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String describe(final RandomEvents.Input input) {
        final String value = input.value() == null ? "null" : new String(input.value(), StandardCharsets.UTF_8);
        final String key = input.key() == null ? "null" : HexFormat.of().formatHex(input.key());
        return "key " + key + " value " + value;
    }
}
