package com.useroffers.offers.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Child JVM of the benchmark: a pass-through pipe that copies every record of the input topic to the
 * output topic (same partition, key, value, timestamp, headers), no processing.
 * <ul>
 *   <li>{@code raw}: plain consumer (assigned partitions, no group) -> idempotent {@code acks=all} producer;</li>
 *   <li>{@code txn}: {@code read_committed} consumer -> transactional producer, offsets sent to the
 *       transaction, a commit every {@code commitMs} (100 ms): the cost of transactions alone.</li>
 * </ul>
 * Args: {@code raw|txn bootstrap input output expectedRecords [commitMs]}. Prints one RESULT line.
 */
public final class PipeBench {

    private static final Duration MAX_RUN = Duration.ofMinutes(15);

    private PipeBench() {
    }

    public static void main(final String[] args) {
        final boolean txn = args[0].equals("txn");
        final String bootstrap = args[1];
        final String input = args[2];
        final String output = args[3];
        final long expected = Long.parseLong(args[4]);
        final long commitMs = args.length > 5 ? Long.parseLong(args[5]) : 100;
        final String id = "bench-pipe-" + args[0] + "-" + System.nanoTime();

        final Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, id);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (txn) {
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (txn) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        }
        final AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(input, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(input, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            if (txn) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            long copied = 0;
            long startNanos = 0;
            long startCpu = 0;
            long startJit = 0;
            long txnStart = System.nanoTime();
            long commits = 0;
            final long deadline = System.nanoTime() + MAX_RUN.toNanos();
            while (copied < expected && System.nanoTime() < deadline && failure.get() == null) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty() && startNanos == 0) {
                    startNanos = System.nanoTime();
                    startCpu = Proc.cpuNanos();
                    startJit = Proc.jitCpuNanos();
                }
                for (final ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(output, r.partition(), r.timestamp(), r.key(), r.value(), r.headers()),
                            (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                }
                            });
                    copied++;
                }
                if (txn && (System.nanoTime() - txnStart >= commitMs * 1_000_000L || copied >= expected)) {
                    producer.sendOffsetsToTransaction(positions(consumer, partitions), consumer.groupMetadata());
                    producer.commitTransaction();
                    commits++;
                    producer.beginTransaction();
                    txnStart = System.nanoTime();
                }
            }
            if (txn) {
                producer.commitTransaction();
            } else {
                producer.flush();
            }
            final double seconds = (System.nanoTime() - startNanos) / 1e9;
            final double cpu = (Proc.cpuNanos() - startCpu) / 1e9;
            if (failure.get() != null || copied < expected) {
                System.out.println("FAILED copied=" + copied + " of " + expected + " " + failure.get());
                System.exit(1);
            }
            Proc.result("events", copied, "seconds", seconds, "cpu", cpu, "cpu_jit", (Proc.jitCpuNanos() - startJit) / 1e9,
                    "rss_mb", Proc.peakRssMb(), "commits", commits);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> positions(final KafkaConsumer<byte[], byte[]> consumer,
                                                                    final List<TopicPartition> partitions) {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final TopicPartition tp : partitions) {
            offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        return offsets;
    }
}
