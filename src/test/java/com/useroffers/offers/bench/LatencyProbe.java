package com.useroffers.offers.bench;

import com.useroffers.offers.kafka.KafkaCluster;

import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * record timestamp. The first 5 s are warm-up and not counted.
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
    }

    private static final java.util.concurrent.atomic.AtomicInteger SERIAL = new java.util.concurrent.atomic.AtomicInteger();

    private LatencyProbe() {
    }

    static Result measure(final OffersBench bench, final int rate, final int seconds, final int warmUpSeconds) {
        return measure(bench, rate, seconds, warmUpSeconds, List.of());
    }

    /** {@code settings}: app settings on top of the others (e.g. {@code commit.interval.ms=50}). */
    static Result measure(final OffersBench bench, final int rate, final int seconds, final int warmUpSeconds,
                          final List<String> settings) {
        final String tag = "lat-" + rate + "-" + SERIAL.incrementAndGet();
        final String input = tag + "-in";
        final String out = tag + "-state";
        final String dlq = tag + "-dlq";
        TopicRecords.createTopics(bench.cluster(), 6, bench.replication(), input, out, dlq);
        final long[] samples = new long[rate * (seconds + 2) + 10_000];
        final long[] windowMax = new long[seconds / 5 + 30];
        final AtomicLong count = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong lastReceived = new AtomicLong(System.nanoTime());
        OffersBench.awaitLeaders(bench.cluster(), input);
        Map<String, Double> atMeasureStart = null;
        Map<String, Double> atMeasureEnd = null;
        try (Child app = bench.startServingApp("bench-" + tag, input, out, dlq, settings)) {
            app.awaitLine("READY", Duration.ofMinutes(3));
            final long measureFrom = System.currentTimeMillis() + warmUpSeconds * 1000L;
            final Thread reader = new Thread(() -> read(bench, out, measureFrom, samples, windowMax, count, stop, lastReceived), "latency-reader");
            reader.start();
            final SampleEvents sample = new SampleEvents(7, 1000, 0.05, 0.02);
            try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(bench.cluster())) {
                final long start = System.nanoTime();
                final long total = (long) rate * (seconds + warmUpSeconds);
                final long warmUp = (long) rate * warmUpSeconds;
                long sent = 0;
                while (sent < total) {
                    if (atMeasureStart == null && sent >= warmUp) {
                        atMeasureStart = app.ask("METRICS", Duration.ofSeconds(30));
                    }
                    final long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                    for (; sent < due; sent++) {
                        final SampleRecord record = sample.next();
                        producer.send(new ProducerRecord<>(input, null, System.currentTimeMillis(), record.key(), record.value()));
                    }
                    KafkaCluster.sleep(1);
                }
                producer.flush();
                atMeasureEnd = app.ask("METRICS", Duration.ofSeconds(30));
            }
            // Until the reader has seen nothing new for 3 s (bounded: 60 s).
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - lastReceived.get() < 3_000_000_000L && System.nanoTime() < deadline) {
                KafkaCluster.sleep(200);
            }
            stop.set(true);
            try {
                reader.join(10_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            app.terminate();
        }
        final int n = (int) Math.min(count.get(), samples.length);
        final long[] sorted = Stats.sorted(samples, n);
        return new Result(rate, n, Stats.percentile(sorted, 50), Stats.percentile(sorted, 99),
                Stats.percentile(sorted, 99.9), n == 0 ? -1 : sorted[n - 1],
                java.util.Arrays.toString(java.util.Arrays.copyOf(windowMax, Math.max(1, (seconds + 4) / 5))),
                (long) delta(atMeasureStart, atMeasureEnd, "commit_total"),
                delta(atMeasureStart, atMeasureEnd, "now_ms") / delta(atMeasureStart, atMeasureEnd, "commit_total"),
                (delta(atMeasureStart, atMeasureEnd, "txn_commit_ns") + delta(atMeasureStart, atMeasureEnd, "txn_send_offsets_ns"))
                        / 1e6 / delta(atMeasureStart, atMeasureEnd, "commit_total"));
    }

    private static double delta(final Map<String, Double> start, final Map<String, Double> end, final String key) {
        return start == null || end == null ? Double.NaN : end.get(key) - start.get(key);
    }

    private static void read(final OffersBench bench, final String topic, final long measureFrom, final long[] samples,
                             final long[] windowMax,
                             final AtomicLong count, final AtomicBoolean stop, final AtomicLong lastReceived) {
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
                    if (record.timestamp() >= measureFrom) {
                        final long i = count.getAndIncrement();
                        if (i < samples.length) {
                            samples[(int) i] = now - record.timestamp();
                        }
                        final int window = (int) Math.min(windowMax.length - 1, (record.timestamp() - measureFrom) / 5000);
                        windowMax[window] = Math.max(windowMax[window], now - record.timestamp());
                    }
                }
            }
        }
    }
}
