package com.useroffers.offers.bench;

import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static com.useroffers.offers.fixtures.OffersDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.fixtures.OffersDriver;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework's floor does what its contenders claim: forwards every value; with stores, writes both per event. */
class FrameworkFloorTopologyTest {

    private final OffersConfig config = OffersDriver.config(Map.of());

    @Test
    void shouldForwardEveryValueAndWriteOneDedupEntryAndTheUsersStatePerEvent(@TempDir final Path stateDir) {
        try (TopologyTestDriver driver = driver(stateDir, true)) {
            final var input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
            final var output = driver.createOutputTopic(config.stateTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

            input.pipeInput(bytes("u-1"), bytes("first"), OffersDriver.T0);
            input.pipeInput(bytes("u-1"), bytes("second"), OffersDriver.T0);
            input.pipeInput(bytes("u-2"), bytes("third"), OffersDriver.T0);

            assertThat(output.readValuesToList()).extracting(OffersDriver::text).containsExactly("first", "second", "third");
            final KeyValueStore<String, byte[]> state = driver.getKeyValueStore(OfferEventProcessorSupplier.STATE_STORE);
            assertThat(text(state.get("u-1"))).isEqualTo("second");
            final WindowStore<String, byte[]> dedup = driver.getWindowStore(OfferEventProcessorSupplier.DEDUP_STORE);
            try (KeyValueIterator<Windowed<String>, byte[]> all = dedup.all()) {
                int entries = 0;
                for (; all.hasNext(); all.next()) {
                    entries++;
                }
                assertThat(entries).isEqualTo(3);
            }
        }
    }

    @Test
    void shouldLeaveTheStoresAloneWithoutStores(@TempDir final Path stateDir) {
        try (TopologyTestDriver driver = driver(stateDir, false)) {
            driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(bytes("u-1"), bytes("first"), OffersDriver.T0);

            assertThat(driver.createOutputTopic(config.stateTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList()).extracting(kv -> text(kv.value)).containsExactly("first");
            final KeyValueStore<String, byte[]> state = driver.getKeyValueStore(OfferEventProcessorSupplier.STATE_STORE);
            assertThat(state.get("u-1")).isNull();
        }
    }

    private TopologyTestDriver driver(final Path stateDir, final boolean withStores) {
        final Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(FrameworkFloorTopology.build(config, withStores), props, OffersDriver.T0);
    }
}
