package com.useroffers.offers.bench.parts;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.Directories;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import com.useroffers.offers.topology.OffersTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One record through a TopologyTestDriver, no broker: the production topology (intake, dedup and state
 * step, both stores with their record cache and changelog, the state and dead-letter sinks) against a
 * topology of the same stores whose one processor does nothing but pass the record to a sink. Their
 * difference is the application's own work per event, the no-op the Streams framework's share.
 *
 * <p>Read with care: the driver commits after every record, and a commit of a RocksDB store flushes its
 * memtable to a new file ({@code RocksDBStore.commit} calls {@code RocksDB.flush}), where a stream
 * thread does it once per commit interval (100 ms, thousands of events). Measured on 2026-11-29 this
 * made the no-op ~50 us of CPU per record and the production topology ~300-440 us: the difference is
 * dominated by per-record SST files, not by the application, so these rows bound nothing useful and
 * the per-part rows ({@link DomainParts}, {@link StoreParts}) carry the table. Output and changelog
 * records are drained as they come (the driver keeps them all otherwise).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class ProcessorParts {

    private static final Instant T0 = OffersDriver.T0;
    private static final int DRAIN_EVERY = 1024;

    /** {@code offers}: the production topology; {@code noop}: the same stores, a processor that only forwards. */
    @Param({"offers", "noop"})
    public String topology;

    private PartsInput input;
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> in;
    private List<TestOutputTopic<byte[], byte[]>> outs;
    private int record;
    private long sent;

    @Setup
    public void setUp() {
        input = PartsInput.get();
        final OffersConfig config = OffersDriver.config(Map.of());
        final Properties props = config.streamsProperties();
        stateDir = Path.of("target", "offers-jmh", "driver-" + System.nanoTime()).toAbsolutePath();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        final Topology built = topology.equals("offers") ? OffersTopology.build(config) : noop(config);
        driver = new TopologyTestDriver(built, props, T0);
        in = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(1));
        final String app = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        final List<String> topics = topology.equals("offers")
                ? List.of(config.stateTopic(), config.dlqTopic(),
                        app + "-" + OfferEventProcessorSupplier.STATE_STORE + "-changelog",
                        app + "-" + OfferEventProcessorSupplier.DEDUP_STORE + "-changelog")
                : List.of(config.stateTopic());
        outs = topics.stream()
                .map(topic -> driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
                .toList();
    }

    @TearDown
    public void tearDown() {
        driver.close();
        Directories.deleteRecursively(stateDir);
    }

    @Benchmark
    public void event() {
        final int i = record++ & PartsInput.MASK;
        in.pipeInput(input.keys[i], input.values[i]);
        if (++sent % DRAIN_EVERY == 0) {
            for (final TestOutputTopic<byte[], byte[]> out : outs) {
                while (!out.isEmpty()) {
                    out.readRecord();
                }
            }
        }
    }

    /** Source and state sink as the production topology's, the two stores attached, nothing done per record. */
    private static Topology noop(final OffersConfig config) {
        final Set<StoreBuilder<?>> stores = new OfferEventProcessorSupplier(config.dedupRetention(), config.stateMaxOffers()).stores();
        final Topology topology = new Topology();
        topology.addSource("noop-source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
        topology.addProcessor("noop-forward", new ProcessorSupplier<byte[], byte[], byte[], byte[]>() {
            @Override
            public Processor<byte[], byte[], byte[], byte[]> get() {
                return new Forward();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        }, "noop-source");
        topology.addSink("noop-sink", config.stateTopic(), new ByteArraySerializer(), new ByteArraySerializer(), "noop-forward");
        return topology;
    }

    /** Passes the record on untouched. */
    private static final class Forward implements Processor<byte[], byte[], byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(final ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            context.forward(record);
        }
    }
}
