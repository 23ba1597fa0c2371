package com.useroffers.offers.redrive;

import com.useroffers.offers.pipeline.DeadLetterHeaders;
import com.useroffers.offers.pipeline.RedriveHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** Reads what a redrive needs from a dead letter, and builds the input record it sends for it. */
final class RedriveRecords {

    private RedriveRecords() {
    }

    /**
     * The record to produce: the dead letter's key, value and timestamp, its headers rewritten
     * ({@link RedriveHeaders#rewrite}) with {@code count}, to the input partition it was read from when
     * that is known ({@code offers.dlq.topic} is {@code inputTopic}) and still exists, so that a user's
     * events stay in one partition; else where the partitioner puts its key.
     */
    static ProducerRecord<byte[], byte[]> toInput(final ConsumerRecord<byte[], byte[]> deadLetter, final String inputTopic,
                                                  final int inputPartitions, final int count) {
        return new ProducerRecord<>(inputTopic, originalPartition(deadLetter, inputTopic, inputPartitions), deadLetter.timestamp(),
                deadLetter.key(), deadLetter.value(), RedriveHeaders.rewrite(deadLetter.headers(),
                        RedriveHeaders.of(deadLetter.topic(), deadLetter.partition(), deadLetter.offset()), count));
    }

    /** The dead letter's {@code offers.dlq.reason}, {@code null} if it has none. */
    static String reason(final ConsumerRecord<byte[], byte[]> deadLetter) {
        return lastHeader(deadLetter, DeadLetterHeaders.REASON);
    }

    private static Integer originalPartition(final ConsumerRecord<byte[], byte[]> deadLetter, final String inputTopic,
                                             final int inputPartitions) {
        final String original = lastHeader(deadLetter, DeadLetterHeaders.PARTITION);
        if (!inputTopic.equals(lastHeader(deadLetter, DeadLetterHeaders.TOPIC)) || original == null) {
            return null;
        }
        try {
            final int partition = Integer.parseInt(original);
            return partition >= 0 && partition < inputPartitions ? partition : null;
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static String lastHeader(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
