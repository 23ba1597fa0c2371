package com.useroffers.offers.query;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition that holds a user's state when Kafka Streams cannot say. Without {@code application.server}
 * its assignor shares no partition metadata at all, so {@code queryMetadataForKey} stays "not available"
 * for ever. The partition follows from the key alone, placed as the producers' and Kafka Streams' default
 * partitioners place it: murmur2 of the user id's UTF-8 bytes, modulo the input topic's partition count
 * (the repartition topic, used when the input is not keyed by user, has as many partitions). The count
 * is asked of Kafka once, at the first query; a new count needs a reset and a restart anyway.
 */
final class UserPartitions {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final String topic;
    private final Supplier<Admin> admins;
    /** The input topic's partition count; 0 until known. */
    private volatile int count;

    /**
     * @param topic  the input topic
     * @param admins an Admin client for the one question (closed after it)
     */
    UserPartitions(final String topic, final Supplier<Admin> admins) {
        this.topic = topic;
        this.admins = admins;
    }

    /** The user's partition, to be answered from this instance's store, or why it is not known yet. */
    Routing.Decision locate(final String userId) {
        try {
            return new Routing.Local(partitionOf(userId, count()));
        } catch (final ExecutionException | TimeoutException e) {
            return new Routing.Unavailable("the partition count of the input topic '" + topic + "' could not be read ("
                    + (e.getCause() != null ? e.getCause() : e) + "); ask again in a moment");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Routing.Unavailable("interrupted while reading the input topic's partition count");
        }
    }

    /** As {@code BuiltInPartitioner.partitionForKey} places a record keyed with the user id's bytes. */
    static int partitionOf(final String userId, final int partitions) {
        return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private synchronized int count() throws ExecutionException, TimeoutException, InterruptedException {
        if (count == 0) {
            final Admin admin = admins.get();
            try {
                count = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                        .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).partitions().size();
            } finally {
                admin.close(Duration.ZERO);
            }
        }
        return count;
    }
}
