package com.useroffers.offers.run;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How long {@code run}'s close of Kafka Streams may take: {@link #MINIMUM}, or longer when a rebalance can
 * hold it up. A stream thread asked to stop while a rebalance is in progress polls on until the rebalance
 * completes (Kafka Streams' run loop goes on {@code while (isRunning() || rebalanceInProgress)}), and a
 * rebalance waits for every member, one killed without leaving included, until that member's
 * {@code session.timeout.ms} runs out. A SIGTERM soon after another instance crashed (typically: this one
 * is its replacement, still in its first join) can therefore wait that long before the close proper
 * begins; a close timeout shorter than that would end in "did not close" and exit 1.
 */
public final class CloseTimeout {

    /** The shortest close timeout: enough to commit, flush the stores, write their checkpoints and leave the group. */
    public static final Duration MINIMUM = Duration.ofSeconds(30);
    /** What a close needs once the rebalance it waited for is over. */
    static final Duration AFTER_REBALANCE = Duration.ofSeconds(15);

    private CloseTimeout() {
    }

    /** The close timeout of a client with these settings: the main consumer's session timeout plus {@link #AFTER_REBALANCE}, at least {@link #MINIMUM}. */
    public static Duration of(final Properties streamsProps) {
        final Duration rebalance = Duration.ofMillis(sessionTimeoutMs(streamsProps)).plus(AFTER_REBALANCE);
        return rebalance.compareTo(MINIMUM) > 0 ? rebalance : MINIMUM;
    }

    /** The main consumer's session timeout, as Kafka Streams resolves it (most specific prefix first). */
    static long sessionTimeoutMs(final Properties streamsProps) {
        final String key = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG;
        for (final String name : new String[] {
            StreamsConfig.mainConsumerPrefix(key), StreamsConfig.consumerPrefix(key), key}) {
            final String value = streamsProps.getProperty(name);
            if (value != null) {
                try {
                    return Long.parseLong(value.strip());
                } catch (final NumberFormatException e) {
                    throw new ConfigException(name, value, "must be a number of milliseconds");
                }
            }
        }
        return ((Number) ConsumerConfig.configDef().defaultValues().get(key)).longValue();
    }
}
