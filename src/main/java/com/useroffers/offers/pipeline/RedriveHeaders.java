package com.useroffers.offers.pipeline;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers {@code redrive} puts on a dead letter it sends back to the input, read by the
 * application to tell a redrive from a plain repeat. A reader takes the last header of a name.
 */
public final class RedriveHeaders {

    /** Where the dead letter was: {@code <dlq topic>/<partition>/<offset>}. */
    public static final String OF = "offers.redrive.of";
    /** How many times this record has been redriven, counting this one (decimal). */
    public static final String COUNT = "offers.redrive.count";

    private RedriveHeaders() {
    }

    /**
     * Whether the record is a redrive: it carries {@value #OF} with a value. (Anyone who may write the
     * input can set it; what it allows, evaluating again an id only dead-lettered, is no more than a
     * producer can do with a new event id.)
     */
    public static boolean isRedrive(final Headers headers) {
        final Header of = headers.lastHeader(OF);
        return of != null && of.value() != null;
    }

    /** The prefix of the contract's dead-letter headers, which a redrive removes. */
    public static final String DLQ_PREFIX = "offers.dlq.";
    /** The prefix of the headers Kafka Streams' own dead-letter handlers add after ours, which are not the original's either. */
    public static final String STREAMS_ERRORS_PREFIX = "__streams.errors.";

    /**
     * The headers of the record a redrive produces from a dead letter: the dead letter's headers in
     * their order without every {@code offers.dlq.*} and {@code __streams.errors.*} header (what remains
     * is the original record's) and without an earlier redrive's {@value #OF} and {@value #COUNT}, then
     * {@value #OF} and {@value #COUNT} for this redrive.
     */
    public static Headers rewrite(final Headers deadLetter, final String of, final int count) {
        final Headers headers = new RecordHeaders();
        for (final Header header : deadLetter) {
            final String name = header.key();
            if (!name.startsWith(DLQ_PREFIX) && !name.startsWith(STREAMS_ERRORS_PREFIX) && !name.equals(OF) && !name.equals(COUNT)) {
                headers.add(header);
            }
        }
        headers.add(OF, of.getBytes(StandardCharsets.UTF_8));
        headers.add(COUNT, Integer.toString(count).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The value of {@value #OF} for a dead letter at that position. */
    public static String of(final String dlqTopic, final int partition, final long offset) {
        return dlqTopic + "/" + partition + "/" + offset;
    }

    /**
     * How many times the record was redriven before: the last {@value #COUNT}, 0 when absent, null or
     * not a non-negative decimal (a count someone else wrote wrongly must not stop a redrive).
     */
    public static int count(final Headers headers) {
        final Header count = headers.lastHeader(COUNT);
        if (count == null || count.value() == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(new String(count.value(), StandardCharsets.UTF_8).trim()));
        } catch (final NumberFormatException e) {
            return 0;
        }
    }
}
