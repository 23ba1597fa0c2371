package com.useroffers.offers.processor;

import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.pipeline.DeadLetter;
import com.useroffers.offers.pipeline.DeadLetterHeaders;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a {@link DeadLetter} back into the original record: original key and value bytes, original
 * timestamp (it rides with the record, through the repartition topic too), original headers followed
 * by the {@code offers.dlq.*} headers.
 */
public final class DeadLetterRecordProcessor implements Processor<String, DeadLetter, byte[], byte[]> {

    private ProcessorContext<byte[], byte[]> context;
    private OffersMetrics metrics;
    private Map<DeadLetterReason, Sensor> deadLetters;

    @Override
    public void init(final ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.metrics = new OffersMetrics(context);
        this.deadLetters = metrics.deadLetterCounters();
    }

    @Override
    public void close() {
        metrics.close();
    }

    @Override
    public void process(final Record<String, DeadLetter> record) {
        final DeadLetter deadLetter = record.value();
        context.forward(new Record<>(
                deadLetter.key(),
                deadLetter.value(),
                record.timestamp(),
                DeadLetterHeaders.append(record.headers(), deadLetter)));
        deadLetters.get(deadLetter.reason()).record();
    }
}
