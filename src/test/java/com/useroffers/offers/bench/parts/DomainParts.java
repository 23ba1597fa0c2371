package com.useroffers.offers.bench.parts;

import com.useroffers.offers.domain.EventReader;
import com.useroffers.offers.domain.Fingerprint;
import com.useroffers.offers.domain.OfferTransitions;
import com.useroffers.offers.domain.ReadResult;
import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.domain.Transition;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.serde.StoredStateSerde;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The plain-Java parts of one event's path, each on the benchmark's event mix (see {@link PartsInput}):
 * the intake (parse alone, parse + validate), the fingerprint, and the state step (decode the stored
 * state, apply the transition table, encode it for the store, write the output JSON). Time per call is
 * time per event; the parts the mix skips for some events (a duplicate is never applied) are charged in
 * full here and weighed in the report.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class DomainParts {

    private PartsInput input;
    private EventReader reader;
    /** {@code domain.StrictJson} is package-private: its parse alone is reached by reflection (a few ns per call). */
    private Object strictJson;
    private Method readObject;
    /** The second argument of {@code readMembers}; {@code null} for {@code readObject}. */
    private Set<String> names;
    private Serializer<OfferState> stateSerializer;
    private Deserializer<OfferState> stateDeserializer;
    private byte[][] storedBefore;
    private int record;
    private int event;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        input = PartsInput.get();
        reader = new EventReader(PartsInput.MAX_BYTES);
        final Class<?> type = Class.forName("com.useroffers.offers.domain.StrictJson");
        final Constructor<?> constructor = type.getDeclaredConstructor(int.class);
        constructor.setAccessible(true);
        strictJson = constructor.newInstance(PartsInput.MAX_BYTES);
        // Streamed members since the parser change, a Jackson tree before it (so --classes-before runs too).
        try {
            readObject = type.getDeclaredMethod("readMembers", byte[].class, Set.class);
            names = Set.of("eventId", "userId", "type", "offerCode", "occurredAt", "expiresAt");
        } catch (final NoSuchMethodException before) {
            readObject = type.getDeclaredMethod("readObject", byte[].class);
        }
        readObject.setAccessible(true);
        final StoredStateSerde serde = new StoredStateSerde();
        stateSerializer = serde.serializer();
        stateDeserializer = serde.deserializer();
        storedBefore = new byte[input.before.length][];
        for (int i = 0; i < storedBefore.length; i++) {
            storedBefore[i] = input.before[i] == null ? null : stateSerializer.serialize("", input.before[i]);
        }
    }

    /** Strict UTF-8 decoding and the JSON parse, every record of the mix (bad ones throw inside). */
    @Benchmark
    public Object parse() {
        try {
            final byte[] value = input.values[record++ & PartsInput.MASK];
            return names == null ? readObject.invoke(strictJson, (Object) value) : readObject.invoke(strictJson, value, names);
        } catch (final ReflectiveOperationException e) {
            return e;
        }
    }

    /** Parse + validate: what the intake does with a value. */
    @Benchmark
    public ReadResult read() {
        return reader.read(input.values[record++ & PartsInput.MASK]);
    }

    @Benchmark
    public byte[] fingerprint() {
        return Fingerprint.of(input.events[event++ & input.eventMask()]);
    }

    /** The user's stored state from its bytes ({@code null}: a user without state, nothing to decode). */
    @Benchmark
    public OfferState stateDecode() {
        final byte[] stored = storedBefore[event++ & input.eventMask()];
        return stored == null ? null : stateDeserializer.deserialize("", stored);
    }

    @Benchmark
    public Transition apply() {
        final int i = event++ & input.eventMask();
        return OfferTransitions.apply(input.before[i], input.events[i], PartsInput.MAX_OFFERS);
    }

    @Benchmark
    public byte[] stateEncode() {
        final OfferState state = input.after[event++ & input.eventMask()];
        return state == null ? null : stateSerializer.serialize("", state);
    }

    /** The output record's value: the canonical state JSON. */
    @Benchmark
    public byte[] outputJson() {
        final OfferState state = input.after[event++ & input.eventMask()];
        return state == null ? null : StateJson.write(state);
    }
}
