package com.useroffers.offers.processor;

import com.useroffers.offers.domain.EventReader;
import com.useroffers.offers.domain.ReadResult;
import com.useroffers.offers.model.DeadLetter;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.Envelope;
import com.useroffers.offers.model.Intake;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.model.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Steps 1-3 of the contract for one raw input record: parse, validate, check the key. Forwards an
 * {@link Envelope} (accepted) or a {@link DeadLetter} (rejected), keyed by the user id when known.
 * Stateless, so it may re-key freely: nothing downstream of it in this sub-topology repartitions on
 * its own, and the keyed-by-user=false mode repartitions explicitly.
 */
public final class IntakeProcessor implements Processor<byte[], byte[], String, Intake> {

    private final Function<byte[], ReadResult> reader;
    private final boolean keyedByUser;
    private ProcessorContext<String, Intake> context;

    public IntakeProcessor(final int maxBytes, final boolean keyedByUser) {
        this(new EventReader(maxBytes)::read, keyedByUser);
    }

    /** With another reader: how a test makes reading throw, as a bug triggered by content would. */
    IntakeProcessor(final Function<byte[], ReadResult> reader, final boolean keyedByUser) {
        this.reader = reader;
        this.keyedByUser = keyedByUser;
    }

    @Override
    public void init(final ProcessorContext<String, Intake> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final SourcePosition source = context.recordMetadata()
                .map(meta -> new SourcePosition(meta.topic(), meta.partition(), meta.offset()))
                .orElse(SourcePosition.UNKNOWN);
        final Intake intake = intake(record.key(), record.value(), source);
        final String userId = intake instanceof Envelope envelope ? envelope.event().userId() : null;
        context.forward(record.withKey(userId).withValue(intake));
    }

    private Intake intake(final byte[] key, final byte[] value, final SourcePosition source) {
        try {
            final ReadResult read = reader.apply(value);
            if (!read.isOk()) {
                return new DeadLetter(key, value, read.failure(), read.error(), source, read.eventId());
            }
            final OfferEvent event = read.event();
            if (keyedByUser && !isUserKey(key, event.userId())) {
                return new DeadLetter(key, value, DeadLetterReason.KEY_MISMATCH,
                        key == null ? "the record has no key; expected the userId" : "the record key is not the userId",
                        source, event.eventId());
            }
            return new Envelope(event, key, value, source);
        } catch (final KafkaException e) {
            throw e;
        } catch (final RuntimeException e) {
            // The record's content made our code throw: its fault, so a dead letter, and processing goes on.
            return new DeadLetter(key, value, DeadLetterReason.PROCESSING_ERROR, e.toString(), source, null);
        }
    }

    private static boolean isUserKey(final byte[] key, final String userId) {
        return key != null && Arrays.equals(key, userId.getBytes(StandardCharsets.UTF_8));
    }
}
