package com.useroffers.offers.ingest;

import com.useroffers.offers.domain.EventReader;
import com.useroffers.offers.domain.ReadResult;
import com.useroffers.offers.ingest.v1.OfferEvent;
import io.grpc.Status;
import io.grpc.StatusException;
import java.nio.charset.StandardCharsets;

/**
 * An event that passed the processor's own reader ({@link EventReader}: parse and field rules), ready to
 * be written: the exact bytes that were validated, keyed by the UTF-8 {@code userId} as the processor
 * requires with {@code offers.input.keyed-by-user=true}. So an event the processor would dead-letter as
 * {@code MALFORMED} or {@code INVALID} never reaches the topic.
 */
public record Submission(String eventId, byte[] key, byte[] value) {

    /** Reads events as the processor does, with its {@code offers.event.max-bytes}. */
    public static final class Checker {

        private final EventReader reader;

        public Checker(final int maxBytes) {
            this.reader = new EventReader(maxBytes);
        }

        /**
         * @throws StatusException {@code INVALID_ARGUMENT} naming the broken rule, e.g.
         *         {@code INVALID: offerCode does not match ^[A-Z0-9][A-Z0-9_-]{0,63}$}
         */
        public Submission check(final OfferEvent event) throws StatusException {
            final byte[] value = EventJson.write(event);
            final ReadResult read = reader.read(value);
            if (!read.isOk()) {
                throw Status.INVALID_ARGUMENT.withDescription(read.failure() + ": " + read.error()).asException();
            }
            final String userId = read.event().userId();
            return new Submission(read.event().eventId(), userId.getBytes(StandardCharsets.UTF_8), value);
        }
    }
}
