package com.useroffers.offers.processor;

import com.useroffers.offers.domain.EventReader;
import com.useroffers.offers.domain.ReadResult;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.pipeline.DeadLetter;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.Result;
import com.useroffers.offers.pipeline.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Steps 1-3 of the contract for one raw input record: parse, validate, check the key. Forwards an
 * accepted {@link Envelope} keyed by the user id, or a {@link DeadLetter} with no key. Stateless, so
 * it may re-key freely: nothing downstream of it in this sub-topology repartitions on its own, and
 * the keyed-by-user=false mode repartitions explicitly.
 */
public final class IntakeProcessor implements Processor<byte[], byte[], String, Result<Envelope>> {

    private final Function<byte[], ReadResult> reader;
    private final boolean keyedByUser;
    private ProcessorContext<String, Result<Envelope>> context;

    public IntakeProcessor(final int maxBytes, final boolean keyedByUser) {
        this(new EventReader(maxBytes)::read, keyedByUser);
    }

    /** With another reader: how a test makes reading throw, as a bug triggered by content would. */
    IntakeProcessor(final Function<byte[], ReadResult> reader, final boolean keyedByUser) {
        this.reader = reader;
        this.keyedByUser = keyedByUser;
    }

    @Override
    public void init(final ProcessorContext<String, Result<Envelope>> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final byte[] key = record.key();
        final byte[] value = record.value();
        final SourcePosition source = context.recordMetadata()
                .map(meta -> new SourcePosition(meta.topic(), meta.partition(), meta.offset()))
                .orElse(SourcePosition.UNKNOWN);
        final Result<Envelope> result = RecordFaults.capture(() -> intake(key, value, source),
                fault -> Result.failed(new DeadLetter(key, value, DeadLetterReason.PROCESSING_ERROR, fault.toString(), source, null)));
        final String userId = result instanceof Result.Ok<Envelope> accepted ? accepted.value().event().userId() : null;
        context.forward(record.withKey(userId).withValue(result));
    }

    private Result<Envelope> intake(final byte[] key, final byte[] value, final SourcePosition source) {
        final ReadResult read = reader.apply(value);
        if (!read.isOk()) {
            return Result.failed(new DeadLetter(key, value, read.failure(), read.error(), source, read.eventId()));
        }
        final OfferEvent event = read.event();
        if (keyedByUser && !isUserKey(key, event.userId())) {
            return Result.failed(new DeadLetter(key, value, DeadLetterReason.KEY_MISMATCH,
                    key == null ? "the record has no key; expected the userId" : "the record key is not the userId",
                    source, event.eventId()));
        }
        return Result.ok(new Envelope(event, key, value, source));
    }

    private static boolean isUserKey(final byte[] key, final String userId) {
        return key != null && Arrays.equals(key, userId.getBytes(StandardCharsets.UTF_8));
    }
}
