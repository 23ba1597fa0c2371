package com.useroffers.offers.config;

import com.useroffers.offers.config.OffersConfig;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
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
}
