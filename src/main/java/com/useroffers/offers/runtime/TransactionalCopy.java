package com.useroffers.offers.runtime;

import com.useroffers.offers.failure.RunFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The exactly-once copy that {@code redrive} and {@code copy-input} share: a consume-produce loop whose
 * every transaction holds the records it produced and the group's new positions in what it reads
 * ({@code sendOffsetsToTransaction}). A run that is killed leaves at most an open transaction, which the
 * next run's {@code initTransactions} aborts; it then goes on from the last committed positions. So a
 * record is copied at most once, whatever happens, and a run that completes has copied every one.
 *
 * <p>Bounded: each partition is read up to the offset its {@link Plan} gives (the end as of the start),
 * never waiting for more, and a read that makes no progress for the stall timeout fails rather than
 * retrying for ever. A stop wakes the consumer at once and aborts the open transaction.
 */
public final class TransactionalCopy {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** How a run ended without a failure. */
    public enum Outcome { DONE, STOPPED }

    /** Assigns and seeks the partitions to read; returns the offset each stops at, {@code null} when stopped meanwhile. */
    public interface Plan {
        Map<TopicPartition, Long> assign(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer);
    }

    /** What the copy does with what it reads. */
    public interface Records {

        /** The record to produce for {@code record}, or {@code null} to pass over it; counted in the batch being read. */
        ProducerRecord<byte[], byte[]> toSend(ConsumerRecord<byte[], byte[]> record);

        /** The batch read since the last call is committed (or, in a dry run, read). */
        void committed();

        /** Every few seconds while reading. */
        void progress(int partitionsLeft);

        /** The failure to throw when nothing could be read for the stall timeout. */
        RunFailure stalled(int partitionsLeft);
    }

    private final Map<String, Object> consumerSettings;
    private final Map<String, Object> producerSettings;
    private final ShutdownSignal signal;
    private final Duration stallTimeout;

    /**
     * @param producerSettings a transactional producer's settings; {@code null} for a dry run, which reads
     *                         and commits nothing
     */
    public TransactionalCopy(final Map<String, Object> consumerSettings, final Map<String, Object> producerSettings,
                             final ShutdownSignal signal, final Duration stallTimeout) {
        this.consumerSettings = consumerSettings;
        this.producerSettings = producerSettings;
        this.signal = signal;
        this.stallTimeout = stallTimeout;
    }

    /**
     * @throws KafkaException what Kafka failed with, the open transaction aborted
     * @throws RunFailure    {@link Records#stalled}'s
     */
    public Outcome run(final Plan plan, final Records records) {
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings)) {
            // A stop wakes a consumer call up at once (WakeupException), rather than after its timeout.
            final CompletableFuture<Void> wakeOnStop = signal.requested().thenRun(consumer::wakeup);
            try {
                // First: initTransactions aborts what a killed run left open, which holds back the group's offsets
                // (a read_committed consumer waits for pending transactional offsets before it reads them).
                final Producer<byte[], byte[]> producer = producerSettings == null ? null : started(producerSettings);
                try {
                    final Map<TopicPartition, Long> stops = plan.assign(consumer, producer);
                    return stops == null ? Outcome.STOPPED : loop(consumer, producer, stops, records);
                } finally {
                    if (producer != null) {
                        producer.close(CLOSE_TIMEOUT);
                    }
                }
            } catch (final WakeupException e) {
                return Outcome.STOPPED;
            } finally {
                wakeOnStop.cancel(false);
            }
        }
    }

    private Outcome loop(final Consumer<byte[], byte[]> consumer, final Producer<byte[], byte[]> producer,
                         final Map<TopicPartition, Long> stops, final Records records) {
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        final Stall stall = new Stall(stallTimeout);
        while (!stops.isEmpty()) {
            if (signal.isRequested()) {
                return Outcome.STOPPED;
            }
            final ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
            final Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            boolean open = false;
            try {
                for (final TopicPartition partition : polled.partitions()) {
                    final Long stop = stops.get(partition);
                    if (stop == null) {
                        continue; // reached its stop already (fetched before it was paused)
                    }
                    for (final ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
                        if (record.offset() >= stop) {
                            break;
                        }
                        if (signal.isRequested()) {
                            abort(producer, open);
                            return Outcome.STOPPED;
                        }
                        final ProducerRecord<byte[], byte[]> copy = records.toSend(record);
                        if (copy != null && producer != null) {
                            if (!open) {
                                producer.beginTransaction();
                                open = true;
                            }
                            producer.send(copy);
                        }
                        positions.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                if (producer != null && !positions.isEmpty()) {
                    if (!open) {
                        producer.beginTransaction();
                        open = true;
                    }
                    producer.sendOffsetsToTransaction(positions, consumer.groupMetadata());
                    producer.commitTransaction();
                    open = false;
                }
            } catch (final KafkaException e) {
                abort(producer, open);
                throw e;
            }
            records.committed();
            long positionSum = 0;
            for (final TopicPartition partition : List.copyOf(stops.keySet())) {
                final long position = consumer.position(partition);
                positionSum += position;
                if (position >= stops.get(partition)) {
                    stops.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
            if (!stops.isEmpty() && stall.noProgressFor(positionSum, stops.size())) {
                throw records.stalled(stops.size());
            }
            if (System.nanoTime() - nextProgress >= 0) {
                records.progress(stops.size());
                nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
        }
        return Outcome.DONE;
    }

    /** A producer after {@code initTransactions}, which aborts the transaction a killed run of its id left open. */
    private static Producer<byte[], byte[]> started(final Map<String, Object> settings) {
        final Producer<byte[], byte[]> producer = new KafkaProducer<>(settings);
        try {
            producer.initTransactions();
            return producer;
        } catch (final KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Aborts the open transaction, if any; a failure to abort changes nothing (the next run's initTransactions aborts it). */
    private static void abort(final Producer<byte[], byte[]> producer, final boolean open) {
        if (producer != null && open) {
            try {
                producer.abortTransaction();
            } catch (final KafkaException e) {
                // fenced or broker gone: the transaction times out or the next run aborts it
            }
        }
    }

    /** Whether the read has stalled: no position moved and no partition finished for the whole timeout. */
    private static final class Stall {

        private final long timeoutNanos;
        private long lastPositionSum = -1;
        private int lastRemaining = -1;
        private long lastMove = System.nanoTime();

        Stall(final Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
        }

        boolean noProgressFor(final long positionSum, final int remaining) {
            if (positionSum != lastPositionSum || remaining != lastRemaining) {
                lastPositionSum = positionSum;
                lastRemaining = remaining;
                lastMove = System.nanoTime();
                return false;
            }
            return System.nanoTime() - lastMove > timeoutNanos;
        }
    }
}
