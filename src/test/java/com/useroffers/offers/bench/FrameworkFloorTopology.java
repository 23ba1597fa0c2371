package com.useroffers.offers.bench;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * What Kafka Streams itself costs per event, for the benchmark's {@code noop} and {@code noop-stores}
 * contenders: the application's settings, input and output topics, and its two stores as they are built
 * (names, kinds, caching, retention, the RocksDB setter), with a processor that does none of the
 * application's work (no parsing, no fingerprint, no transition, no JSON).
 * <ul>
 *   <li>{@code noop}: forwards each input value to the output topic as it is, one send per event; the stores
 *       are attached and left alone;</li>
 *   <li>{@code noop-stores}: also writes, per event, what the application writes: one dedup entry (a
 *       unique key, a 33-byte value, the record's timestamp) and the user's state (the input bytes). So it
 *       makes the application's sends: the output, the dedup changelog, and the state changelog once per
 *       user per commit (the record cache).</li>
 * </ul>
 * Subtracted from the application's CPU per event, {@code noop-stores} leaves what the application's own
 * code costs end to end.
 */
final class FrameworkFloorTopology {

    private static final String SOURCE = "floor-source";
    private static final String PROCESS = "floor-process";
    private static final String SINK = "floor-sink";
    /** The size of a remembered event: a 32-byte fingerprint and the outcome. */
    private static final byte[] REMEMBERED = new byte[33];

    private FrameworkFloorTopology() {
    }

    static Topology build(final OffersConfig config, final boolean withStores) {
        final Topology topology = new Topology(new TopologyConfig(new StreamsConfig(config.streamsProperties())));
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
        topology.addProcessor(PROCESS, () -> new Floor(withStores), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(OfferEventProcessorSupplier.STATE_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled(), PROCESS);
        topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(OfferEventProcessorSupplier.DEDUP_STORE,
                        config.dedupRetention().plusMillis(1), Duration.ofMillis(1), false),
                Serdes.String(), Serdes.ByteArray()), PROCESS);
        topology.addSink(SINK, config.stateTopic(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESS);
        return topology;
    }

    private static final class Floor implements Processor<byte[], byte[], byte[], byte[]> {

        private final boolean withStores;
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<String, byte[]> state;
        private WindowStore<String, byte[]> dedup;

        Floor(final boolean withStores) {
            this.withStores = withStores;
        }

        @Override
        public void init(final ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            state = context.getStateStore(OfferEventProcessorSupplier.STATE_STORE);
            dedup = context.getStateStore(OfferEventProcessorSupplier.DEDUP_STORE);
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            if (withStores) {
                final String user = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                final RecordMetadata at = context.recordMetadata().orElseThrow();
                dedup.put(user + '\u0000' + at.partition() + ':' + at.offset(), REMEMBERED, record.timestamp());
                if (record.value() != null) {
                    state.put(user, record.value());
                }
            }
            context.forward(record);
        }
    }
}
