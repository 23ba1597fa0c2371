package com.useroffers.offers.bench;

import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.model.RememberedEvent;
import com.useroffers.offers.processor.OfferEventProcessorSupplier;
import com.useroffers.offers.serde.RememberedEventSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.internals.WindowKeySchema;

/**
 * Pre-loads the dedup store with N remembered ids the way Kafka Streams itself would find them: as
 * records of the store's changelog ({@code <appId>-offers-dedup-store-changelog}), window-store key
 * layout ({@code [key][timestamp][seqnum]}), value a random fingerprint remembered as applied in the
 * store's current format ({@link RememberedEventSerde}), window time = now. The
 * application restores them into RocksDB when it starts. Ids are per user like real ones
 * ({@code userId \0 eventId}).
 */
final class DedupPreload {

    private static final RememberedEventSerde VALUES = new RememberedEventSerde();

    private DedupPreload() {
    }

    static void write(final KafkaCluster cluster, final int replication, final String appId, final long ids) throws Exception {
        final String topic = appId + "-" + OfferEventProcessorSupplier.DEDUP_STORE + "-changelog";
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) replication).configs(Map.of(
                    "cleanup.policy", "compact,delete", "min.insync.replicas", Integer.toString(Math.min(2, replication)),
                    "retention.ms", Long.toString(8L * 24 * 3600 * 1000)))))
                    .all().get(60, TimeUnit.SECONDS);
        }
        OffersBench.awaitLeaders(cluster, topic);
        final SplittableRandom random = new SplittableRandom(ids);
        final long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
            for (long i = 0; i < ids; i++) {
                final String key = "u-" + (i % 1000) + "-pre" + '\u0000' + new UUID(random.nextLong(), random.nextLong());
                final byte[] fingerprint = new byte[RememberedEventSerde.FINGERPRINT_BYTES];
                random.nextBytes(fingerprint);
                final byte[] value = VALUES.serializer().serialize(topic, new RememberedEvent(fingerprint, RememberedEvent.Outcome.APPLIED));
                final byte[] storeKey = WindowKeySchema.toStoreKeyBinary(
                        Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), now, 0).get();
                producer.send(new ProducerRecord<>(topic, (int) (i % 6), now, storeKey, value));
            }
            producer.flush();
        }
    }
}
