package com.useroffers.offers.kafka;

import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A mixed workload for real-broker tests, from the same generator as the {@code produce} command:
 * valid lifecycles, exact and conflicting duplicates, invalid transitions and every kind of bad record.
 * Each record carries a {@code trace-id} header, so a test can see that dead letters keep the
 * original headers.
 */
public final class Workload {

    private Workload() {
    }

    public static List<ProducerRecord<byte[], byte[]>> records(final String topic, final long seed, final int events,
                                                               final int users) {
        final SampleEvents samples = new SampleEvents(seed, users, 0.05, 0.05);
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            final SampleRecord sample = samples.next();
            final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, sample.key(), sample.value());
            record.headers().add("trace-id", ("t-" + seed + "-" + i).getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        return records;
    }

    /** {@code records} cut into {@code parts} consecutive slices (the last one takes the rest). */
    public static <T> List<List<T>> slices(final List<T> records, final int parts) {
        final List<List<T>> slices = new ArrayList<>(parts);
        final int size = records.size() / parts;
        for (int i = 0; i < parts; i++) {
            slices.add(records.subList(i * size, i == parts - 1 ? records.size() : (i + 1) * size));
        }
        return slices;
    }
}
