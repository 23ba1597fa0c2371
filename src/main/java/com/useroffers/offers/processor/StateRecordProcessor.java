package com.useroffers.offers.processor;

import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.pipeline.StateChange;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Makes the {@code user-offer-state} record of a state change: the whole state, or {@code null} for
 * a tombstone. The input event's headers are dropped: a state record stands for the user's state, not
 * for the event that last changed it, and a producer's headers have no business in a compacted view.
 */
public final class StateRecordProcessor implements FixedKeyProcessor<String, StateChange, OfferState> {

    private FixedKeyProcessorContext<String, OfferState> context;

    @Override
    public void init(final FixedKeyProcessorContext<String, OfferState> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, StateChange> record) {
        context.forward(record.withValue(record.value().state()).withHeaders(new RecordHeaders()));
    }
}
