package com.useroffers.offers.bench.parts;

import com.useroffers.offers.domain.EventReader;
import com.useroffers.offers.domain.OfferTransitions;
import com.useroffers.offers.domain.ReadResult;
import com.useroffers.offers.domain.Transition;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of every part, made once per JVM from the benchmark's own event mix ({@code produce}'s
 * defaults as {@code bench.sh} sends them: seed 42, 1000 users, 5% duplicates, 2% bad records), so that
 * a part sees the events, and the user states before and after each of them, that it sees in a drain.
 */
final class PartsInput {

    /** Enough records to cycle through without the JIT seeing one record; a power of two for masking. */
    static final int SIZE = 1 << 14;
    static final int MASK = SIZE - 1;

    /** The shipped limits, as the topology reads them. */
    static final int MAX_BYTES = OffersDriver.config(Map.of()).eventMaxBytes();
    static final int MAX_OFFERS = OffersDriver.config(Map.of()).stateMaxOffers();

    private static PartsInput instance;

    /** Every record of the mix, bad ones included, as the intake sees them. */
    final byte[][] values = new byte[SIZE][];
    final byte[][] keys = new byte[SIZE][];
    /** The valid events only (duplicates included), cycled with their own index. */
    final OfferEvent[] events;
    /** The user's state before each valid event ({@code null}: none yet), and after it (unchanged when refused). */
    final OfferState[] before;
    final OfferState[] after;

    private PartsInput() {
        final SampleEvents sample = new SampleEvents(42, 1000, 0.05, 0.02);
        final EventReader reader = new EventReader(MAX_BYTES);
        final List<OfferEvent> valid = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            final SampleRecord record = sample.next();
            values[i] = record.value();
            keys[i] = record.key();
            final ReadResult read = reader.read(record.value());
            if (read.isOk()) {
                valid.add(read.event());
            }
        }
        // Cycled with a mask too: the first power of two of valid events.
        final int count = Integer.highestOneBit(valid.size());
        events = valid.subList(0, count).toArray(new OfferEvent[0]);
        before = new OfferState[count];
        after = new OfferState[count];
        final Map<String, OfferState> states = new HashMap<>();
        for (int i = 0; i < count; i++) {
            final OfferEvent event = events[i];
            before[i] = states.get(event.userId());
            final Transition transition = OfferTransitions.apply(before[i], event, MAX_OFFERS);
            after[i] = transition instanceof Transition.Applied applied ? applied.newState() : before[i];
            if (after[i] == null) {
                states.remove(event.userId());
            } else {
                states.put(event.userId(), after[i]);
            }
        }
    }

    static synchronized PartsInput get() {
        if (instance == null) {
            instance = new PartsInput();
        }
        return instance;
    }

    int eventMask() {
        return events.length - 1;
    }
}
