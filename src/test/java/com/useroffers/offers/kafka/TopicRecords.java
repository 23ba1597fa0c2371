package com.useroffers.offers.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Helpers named for what they wait on: create topics, produce synchronously, wait until an application
 * has committed everything, and read a whole topic as a {@code read_committed} consumer sees it.
 */
public final class TopicRecords {

    private TopicRecords() {
    }

    public static void createTopics(final KafkaCluster cluster, final int partitions, final int replication,
                                    final String... topics) {
        final Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (final String topic : topics) {
            configs.put(topic, Map.of());
        }
        createTopics(cluster, partitions, replication, configs);
    }

    /**
     * Creates each topic with {@code min.insync.replicas} as high as the replication allows (at most 2)
     * and its own settings on top, and waits for their leaders.
     */
    public static void createTopics(final KafkaCluster cluster, final int partitions, final int replication,
                                    final Map<String, Map<String, String>> topics) {
        try (Admin admin = cluster.admin()) {
            final List<NewTopic> newTopics = new ArrayList<>();
            topics.forEach((topic, settings) -> {
                final Map<String, String> configs = new LinkedHashMap<>();
                configs.put("min.insync.replicas", Integer.toString(Math.min(2, replication)));
                configs.putAll(settings);
                newTopics.add(new NewTopic(topic, partitions, (short) replication).configs(configs));
            });
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
            waitUntilLeadersElected(admin, List.copyOf(topics.keySet()), partitions);
        } catch (final Exception e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    /**
     * Creation returns before every broker knows the new partitions' leaders; a first produce then meets
     * NOT_LEADER_OR_FOLLOWER. Waits until each partition of each topic has a leader.
     */
    private static void waitUntilLeadersElected(final Admin admin, final List<String> topics, final int partitions)
            throws Exception {
        final Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                final boolean ready = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()
                        .stream()
                        .allMatch(topic -> topic.partitions().size() == partitions
                                && topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (final java.util.concurrent.ExecutionException e) {
                // Just created: the broker answering may not know the topic yet.
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            KafkaCluster.sleep(100);
        }
        throw new IllegalStateException("no leader for every partition of " + topics + " within 60 s");
    }

    /**
     * An idempotent producer with {@code acks=all}, as the contract asks of producers. One request in
     * flight per connection: on a starved test machine a request can time out, and with several in flight
     * the retry then meets OUT_OF_ORDER_SEQUENCE_NUMBER until the batches expire; with one, a retry is
     * simply the same batch again, which the broker deduplicates.
     */
    public static KafkaProducer<byte[], byte[]> producer(final KafkaCluster cluster) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for every acknowledgement; returns the metadata (partition, offset) of each record in order. */
    public static List<RecordMetadata> produceSynchronously(final KafkaProducer<byte[], byte[]> producer,
                                                            final List<ProducerRecord<byte[], byte[]>> records) {
        final List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        for (final ProducerRecord<byte[], byte[]> record : records) {
            futures.add(producer.send(record));
        }
        producer.flush();
        final List<RecordMetadata> metadata = new ArrayList<>(records.size());
        for (final java.util.concurrent.Future<RecordMetadata> future : futures) {
            try {
                metadata.add(future.get(200, TimeUnit.SECONDS));
            } catch (final Exception e) {
                throw new IllegalStateException("produce failed", e);
            }
        }
        return metadata;
    }

    /**
     * Waits until the consumer group {@code groupId} has committed, for every partition of {@code topic},
     * the topic's end offset: under exactly-once, everything the input held has then been processed and
     * its output committed in the same transactions.
     */
    public static void waitUntilGroupCaughtUp(final KafkaCluster cluster, final String groupId, final String topic,
                                              final Duration timeout) {
        waitUntilGroupCaughtUp(cluster.bootstrapServers(), groupId, topic, timeout);
    }

    public static void waitUntilGroupCaughtUp(final String bootstrapServers, final String groupId, final String topic,
                                              final Duration timeout) {
        waitUntilGroupCaughtUp(connection(bootstrapServers), groupId, topic, timeout);
    }

    /** The same on a cluster that needs more than its address ({@code connection}: bootstrap servers and security settings). */
    public static void waitUntilGroupCaughtUp(final Map<String, Object> connection, final String groupId, final String topic,
                                              final Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        String last = "nothing committed";
        try (Admin admin = Admin.create(connection)) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    final Map<TopicPartition, Long> ends = endOffsets(admin, topic);
                    final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    final boolean caughtUp = ends.entrySet().stream().allMatch(end -> {
                        final OffsetAndMetadata offset = committed.get(end.getKey());
                        return end.getValue() == 0 || (offset != null && offset.offset() >= end.getValue());
                    });
                    if (caughtUp) {
                        return;
                    }
                    last = "ends " + ends + ", committed " + committed.entrySet().stream()
                            .filter(e -> e.getKey().topic().equals(topic))
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                } catch (final Exception e) {
                    last = e.toString();
                }
                KafkaCluster.sleep(500);
            }
        }
        throw new AssertionError("group " + groupId + " did not catch up on " + topic + " within " + timeout + ": " + last);
    }

    private static Map<String, Object> connection(final String bootstrapServers) {
        return Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    public static Admin admin(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }

    public static Map<TopicPartition, Long> endOffsets(final Admin admin, final String topic) throws Exception {
        final int partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Every record of {@code topic} that a {@code read_committed} consumer sees, in partition order,
     * read until the last stable offset of every partition (nothing from an open or aborted transaction).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(final KafkaCluster cluster, final String topic) {
        return readCommitted(cluster.bootstrapServers(), topic);
    }

    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(final String bootstrapServers, final String topic) {
        return readCommitted(connection(bootstrapServers), topic);
    }

    /** The same on a cluster that needs more than its address ({@code connection}: bootstrap servers and security settings). */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(final Map<String, Object> connection, final String topic) {
        final Properties props = new Properties();
        props.putAll(connection);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For read_committed, endOffsets are the last stable offsets.
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            final Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!reachedEnd(consumer, ends) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            if (!reachedEnd(consumer, ends)) {
                throw new AssertionError("could not read " + topic + " to its end " + ends);
            }
            records.sort((a, b) -> a.partition() != b.partition()
                    ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    private static boolean reachedEnd(final KafkaConsumer<byte[], byte[]> consumer, final Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    /** The latest value of each key (compaction's view), keys as UTF-8 text; a tombstone maps to {@code null}. */
    public static Map<String, byte[]> latestByKey(final Collection<ConsumerRecord<byte[], byte[]>> records) {
        final Map<String, byte[]> latest = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            latest.put(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8), record.value());
        }
        return latest;
    }
}
