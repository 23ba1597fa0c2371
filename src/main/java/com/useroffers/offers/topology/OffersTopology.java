package com.useroffers.offers.topology;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.pipeline.DeadLetter;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.StateChange;
import com.useroffers.offers.processor.DeadLetterRecordProcessor;
import com.useroffers.offers.processor.IntakeProcessor;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import com.useroffers.offers.processor.StateRecordProcessor;
import com.useroffers.offers.serde.EnvelopeSerde;
import com.useroffers.offers.serde.OfferStateSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The offer processor's topology, a pure function of its configuration (no I/O, no clock).
 *
 * <ul>
 *   <li>in: {@code offers.input.topic}, key and value as raw bytes (the event JSON);</li>
 *   <li>out: {@code offers.state.topic}, key {@code userId} (UTF-8), value the canonical state JSON or
 *       {@code null} (tombstone);</li>
 *   <li>out: {@code offers.dlq.topic}, the original key, value, timestamp and headers, plus
 *       {@code offers.dlq.*} headers.</li>
 * </ul>
 */
public final class OffersTopology {

    private OffersTopology() {
    }

    public static Topology build(final OffersConfig config) {
        // Built with the topology config, not just build(props): only then does Kafka Streams enforce
        // ensure.explicit.internal.resource.naming (a plain StreamsBuilder() silently ignores it).
        final StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties())));

        // Raw bytes in: a dead letter must carry the original key and value byte for byte.
        final KStream<byte[], byte[]> input = builder.stream(config.inputTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.SOURCE));

        // Steps 1-3: parse, validate and check the key; accepted events are keyed by userId from here on.
        final Results<Envelope> intake = Results.of(input.process(
                () -> new IntakeProcessor(config.eventMaxBytes(), config.inputKeyedByUser()), Named.as(Names.INTAKE)));
        toDeadLetters(intake.deadLetters(Names.REJECTED_RECORDS), config, Names.INTAKE_DLQ_FORMAT, Names.INTAKE_DLQ_SINK);
        KStream<String, Envelope> accepted = intake.values(Names.ACCEPTED_EVENTS);

        // Input not keyed by user: bring each user's events to one task through a named repartition topic.
        if (!config.inputKeyedByUser()) {
            accepted = accepted.repartition(Repartitioned.<String, Envelope>as(Names.BY_USER)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(new EnvelopeSerde()));
        }

        // Steps 4-5: deduplicate by event id, apply the transition table and the offer limit to the user's state.
        final Results<StateChange> applied = Results.of(accepted.process(
                new OfferEventProcessorSupplier(config.dedupRetention(), config.stateMaxOffers()), Named.as(Names.APPLY)));
        toDeadLetters(applied.deadLetters(Names.FAILED_EVENTS), config, Names.APPLY_DLQ_FORMAT, Names.APPLY_DLQ_SINK);

        // The user's whole state, or a tombstone, to the compacted state topic.
        applied.values(Names.STATE_CHANGES)
                .processValues(StateRecordProcessor::new, Named.as(Names.STATE_RECORDS))
                .to(config.stateTopic(), Produced.with(Serdes.String(), new OfferStateSerde()).withName(Names.STATE_SINK));

        return builder.build(config.streamsProperties());
    }

    /** Every failure, from either sub-topology, to the dead-letter topic as the original record plus offers.dlq.* headers. */
    private static void toDeadLetters(final KStream<String, DeadLetter> deadLetters, final OffersConfig config,
                                      final String formatName, final String sinkName) {
        deadLetters
                .process(DeadLetterRecordProcessor::new, Named.as(formatName))
                .to(config.dlqTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(sinkName));
    }
}
