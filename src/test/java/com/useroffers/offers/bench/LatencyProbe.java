package com.useroffers.offers.bench;

import com.useroffers.offers.kafka.KafkaCluster;

import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency of the running application (EOS) at a fixed input rate: each input record carries
 * its send time (wall clock, ms) as its timestamp; Kafka Streams gives the state record the input's
 * timestamp, so a {@code read_committed} consumer of the state topic computes latency = receive time -
 * record timestamp. Records sent during a point's warm-up are not counted.
 */
final class LatencyProbe {

    /**
     * {@code windows}: the max latency (ms) of each 5 s of the measured period, in order: shows stalls and catch-up.
     * Over the measured period (the app's metrics, see {@link BenchResults#BREAKDOWN}): {@code commits} of the
     * stream thread, {@code cadenceMs} between them, {@code commitMs} the producer's sendOffsetsToTransaction +
     * commitTransaction per commit (NaN without commits).
     */
    record Result(int rate, int count, long p50, long p99, long p999, long max, String windows, long commits,
                  double cadenceMs, double commitMs) {

        /** Of the p99, the wait for the next commit to start: at most the time between commits. */
        double waitingForCommitMs() {
            return Math.max(0, Math.min(cadenceMs, p99 - commitMs));
        }

        /** Of the p99, the rest: input waiting to be processed (a backlog), processing, the reader's fetch. */
        double behindMs() {
            return p99 - commitMs - waitingForCommitMs();
        }
    }

    private static final AtomicInteger SERIAL = new AtomicInteger();

    private LatencyProbe() {
    }

    /** One rate, one fresh application JVM: the fixed-load latency part. */
    static Result measure(final OffersBench bench, final int rate, final int seconds, final int warmUpSeconds) {
        return measureSeries(bench, new int[] {rate}, seconds, warmUpSeconds, List.of()).get(0);
    }

    /**
     * Several rates in turn, in one application JVM (warm after the first point) on one set of topics:
     * each point is {@code warmUpSeconds} uncounted then {@code seconds} measured at its rate, and the next
     * starts once the reader has seen nothing new for 3 s. {@code settings}: app settings on top of the
     * others (e.g. {@code commit.interval.ms=50}).
     */
    static List<Result> measureSeries(final OffersBench bench, final int[] rates, final int seconds, final int warmUpSeconds,
                                      final List<String> settings) {
        final String tag = "lat-" + rates[0] + "-" + SERIAL.incrementAndGet();
        final String input = tag + "-in";
        final String out = tag + "-state";
        final String dlq = tag + "-dlq";
        TopicRecords.createTopics(bench.cluster(), 6, bench.replication(), input, out, dlq);
        final Samples samples = new Samples();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong lastReceived = new AtomicLong(System.nanoTime());
        OffersBench.awaitLeaders(bench.cluster(), input);
        final List<Result> results = new ArrayList<>();
        try (Child app = bench.startServingApp("bench-" + tag, input, out, dlq, settings);
             KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(bench.cluster())) {
            app.awaitLine("READY", Duration.ofMinutes(3));
            final Thread reader = new Thread(() -> read(bench, out, samples, stop, lastReceived), "latency-reader");
            reader.start();
            final SampleEvents sample = new SampleEvents(7, 1000, 0.05, 0.02);
            for (final int rate : rates) {
                send(producer, input, sample, rate, warmUpSeconds);
                final long measureFrom = System.currentTimeMillis();
                final Map<String, Double> atStart = app.ask("METRICS", Duration.ofSeconds(30));
                send(producer, input, sample, rate, seconds);
                final long measureTo = System.currentTimeMillis();
                final Map<String, Double> atEnd = app.ask("METRICS", Duration.ofSeconds(30));
                // Until the reader has seen nothing new for 3 s (bounded: 60 s).
                final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() - lastReceived.get() < 3_000_000_000L && System.nanoTime() < deadline) {
                    KafkaCluster.sleep(200);
                }
                results.add(result(rate, samples, measureFrom, measureTo, atStart, atEnd));
            }
            stop.set(true);
            try {
                reader.join(10_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            app.terminate();
        }
        return results;
    }

    /** {@code rate} events/s for {@code seconds}, each stamped with its send time; flushed at the end. */
    private static void send(final KafkaProducer<byte[], byte[]> producer, final String input, final SampleEvents sample,
                             final int rate, final int seconds) {
        final long start = System.nanoTime();
        final long total = (long) rate * seconds;
        long sent = 0;
        while (sent < total) {
            final long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
            for (; sent < due; sent++) {
                final SampleRecord record = sample.next();
                producer.send(new ProducerRecord<>(input, null, System.currentTimeMillis(), record.key(), record.value()));
            }
            KafkaCluster.sleep(1);
        }
        producer.flush();
    }

    private static Result result(final int rate, final Samples samples, final long from, final long to,
                                 final Map<String, Double> atStart, final Map<String, Double> atEnd) {
        final long[] sorted = samples.latenciesSentBetween(from, to);
        Arrays.sort(sorted);
        final int n = sorted.length;
        final double commits = delta(atStart, atEnd, "commit_total");
        return new Result(rate, n, Stats.percentile(sorted, 50), Stats.percentile(sorted, 99),
                Stats.percentile(sorted, 99.9), n == 0 ? -1 : sorted[n - 1], samples.maxPer5s(from, to),
                (long) commits, delta(atStart, atEnd, "now_ms") / commits,
                (delta(atStart, atEnd, "txn_commit_ns") + delta(atStart, atEnd, "txn_send_offsets_ns")) / 1e6 / commits);
    }

    private static double delta(final Map<String, Double> start, final Map<String, Double> end, final String key) {
        return start == null || end == null ? Double.NaN : end.get(key) - start.get(key);
    }

    private static void read(final OffersBench bench, final String topic, final Samples samples, final AtomicBoolean stop,
                             final AtomicLong lastReceived) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bench.cluster().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Short broker wait, so the probe itself adds little to what it measures.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    final long now = System.currentTimeMillis();
                    lastReceived.set(System.nanoTime());
                    samples.add(record.timestamp(), now - record.timestamp());
                }
            }
        }
    }

    /** Every state record seen: its send time (the record timestamp) and its latency, both ms. */
    private static final class Samples {
        private long[] sentAt = new long[1 << 16];
        private long[] latency = new long[1 << 16];
        private int size;

        synchronized void add(final long sentAtMs, final long latencyMs) {
            if (size == sentAt.length) {
                sentAt = Arrays.copyOf(sentAt, size * 2);
                latency = Arrays.copyOf(latency, size * 2);
            }
            sentAt[size] = sentAtMs;
            latency[size++] = latencyMs;
        }

        synchronized long[] latenciesSentBetween(final long from, final long to) {
            return java.util.stream.IntStream.range(0, size).filter(i -> sentAt[i] >= from && sentAt[i] < to)
                    .mapToLong(i -> latency[i]).toArray();
        }

        /** The max latency of the records sent in each 5 s from {@code from}: shows stalls and catch-up. */
        synchronized String maxPer5s(final long from, final long to) {
            final long[] max = new long[(int) Math.max(1, (to - from + 4999) / 5000)];
            for (int i = 0; i < size; i++) {
                if (sentAt[i] >= from && sentAt[i] < to) {
                    final int window = (int) ((sentAt[i] - from) / 5000);
                    max[window] = Math.max(max[window], latency[i]);
                }
            }
            return Arrays.toString(max);
        }
    }
}
