package com.useroffers.offers.config;

import com.useroffers.offers.config.OffersConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings for the plain Kafka clients the commands use besides Kafka Streams, derived the way Kafka
 * Streams derives its own: the common settings (bootstrap servers, security, SASL/SSL) plus the
 * {@code admin.}/{@code producer.}-prefixed ones. So one configuration serves all clients.
 */
public final class ClientSettings {

    private ClientSettings() {
    }

    public static Map<String, Object> admin(final OffersConfig config, final String clientId) {
        return new StreamsConfig(config.streamsProperties()).getAdminConfigs(clientId);
    }

    /**
     * An idempotent producer of raw bytes with {@code acks=all}. Kafka Streams' exactly-once overrides
     * (an unbounded delivery timeout, a transaction timeout) are for its own transactional producers,
     * not for this one: a send that cannot be delivered fails after the producer's default two minutes.
     */
    public static Map<String, Object> producer(final OffersConfig config, final String clientId) {
        final Map<String, Object> props = new StreamsConfig(config.streamsProperties()).getProducerConfigs(clientId);
        props.remove(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        props.remove(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * The transactional producer of {@code redrive}: {@link #producer} with a fixed
     * {@code transactional.id}, so that a second redrive fences the first and a restarted one aborts
     * what a killed one left open. {@code max.block.ms} is the start-up timeout, so that no call waits
     * for ever on an absent broker.
     */
    public static Map<String, Object> transactionalProducer(final OffersConfig config, final String transactionalId) {
        final Map<String, Object> props = producer(config, transactionalId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, config.startupTimeout().toMillis()));
        return props;
    }

    /**
     * A consumer of raw bytes in group {@code groupId}, reading {@code read_committed} (never a record of
     * an aborted or open transaction), committing nothing by itself, from the earliest offset when the
     * group has none. Based on Kafka Streams' restore consumer (the common settings and the
     * {@code consumer.}/{@code restore.consumer.}-prefixed ones); calls wait at most the start-up timeout.
     */
    public static Map<String, Object> consumer(final OffersConfig config, final String groupId, final String clientId) {
        final Map<String, Object> props = new StreamsConfig(config.streamsProperties()).getRestoreConsumerConfigs(clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, config.startupTimeout().toMillis()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
