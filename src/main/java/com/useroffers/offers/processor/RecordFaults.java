package com.useroffers.offers.processor;

import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;

/**
 * The one place that tells a fault of the record from a fault of the infrastructure, for every step
 * that decides a record's fate. A {@link KafkaException} (a store, a serde, the broker) is never the
 * record's fault: it propagates, the transaction aborts and the task resumes from its last commit.
 * Any other {@link RuntimeException} was thrown by our code on this record's content: retrying would
 * meet it again, so the record becomes a {@code PROCESSING_ERROR} dead letter and processing goes on.
 */
final class RecordFaults {

    private RecordFaults() {
    }

    /** What {@code step} decides, or what {@code onRecordFault} makes of the exception the record caused. */
    static <T> T capture(final Supplier<T> step, final Function<RuntimeException, T> onRecordFault) {
        try {
            return step.get();
        } catch (final KafkaException e) {
            throw e;
        } catch (final RuntimeException e) {
            return onRecordFault.apply(e);
        }
    }
}
