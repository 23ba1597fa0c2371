package com.useroffers.offers.pipeline;

import com.useroffers.offers.failure.OneLine;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The contract's dead-letter headers, appended after the record's original headers (which keep their
 * order). A reader takes the last header of a name, so a producer's own {@code offers.dlq.*} headers
 * cannot mask ours.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "offers.dlq.reason";
    public static final String ERROR = "offers.dlq.error";
    public static final String TOPIC = "offers.dlq.topic";
    public static final String PARTITION = "offers.dlq.partition";
    public static final String OFFSET = "offers.dlq.offset";
    public static final String EVENT_ID = "offers.dlq.event-id";

    /** The most bytes of {@code offers.dlq.error}, made one line by {@link OneLine}. */
    public static final int MAX_ERROR_BYTES = 1024;

    private DeadLetterHeaders() {
    }

    public static Headers append(final Headers original, final DeadLetter deadLetter) {
        final Headers headers = new RecordHeaders(original.toArray());
        add(headers, REASON, deadLetter.reason().name());
        add(headers, ERROR, OneLine.of(deadLetter.error(), MAX_ERROR_BYTES));
        add(headers, TOPIC, deadLetter.source().topic());
        add(headers, PARTITION, Integer.toString(deadLetter.source().partition()));
        add(headers, OFFSET, Long.toString(deadLetter.source().offset()));
        if (deadLetter.eventId() != null) {
            add(headers, EVENT_ID, deadLetter.eventId());
        } else if (original.lastHeader(EVENT_ID) != null) {
            // No event id of ours, but the producer sent one: mask it, or a reader (who takes the last) would believe it.
            headers.add(EVENT_ID, null);
        }
        return headers;
    }

    private static void add(final Headers headers, final String name, final String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
