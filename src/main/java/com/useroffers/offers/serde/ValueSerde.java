package com.useroffers.offers.serde;

import java.io.IOException;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The part every serde of this project shares: {@code null} (a tombstone) stays {@code null} both
 * ways, and bytes the reader cannot read become a {@link SerializationException} naming what and
 * which topic, so Kafka Streams treats them as a serialization fault, not as a bug in the topology.
 */
abstract class ValueSerde<T> implements Serde<T> {

    /** Reads what the matching writer wrote. */
    interface Reader<T> {
        T read(byte[] bytes) throws IOException;
    }

    private final String what;
    private final Function<T, byte[]> writer;
    private final Reader<T> reader;

    ValueSerde(final String what, final Function<T, byte[]> writer, final Reader<T> reader) {
        this.what = what;
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public final Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : writer.apply(value);
    }

    @Override
    public final Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.read(bytes);
            } catch (final IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + what + " from topic " + topic, e);
            }
        };
    }
}
