package com.useroffers.offers.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.internals.DefaultStreamPartitioner;
import org.junit.jupiter.api.Test;

/**
 * A user's partition, computed without Kafka Streams' metadata, is where the producers' default
 * partitioner writes the user's events and where Kafka Streams' repartitioning sends them.
 */
class UserPartitionsTest {

    @Test
    void shouldPlaceEveryUserWhereKafkasDefaultPartitionersDo() {
        final DefaultStreamPartitioner<String, Object> streams = new DefaultStreamPartitioner<>(Serdes.String().serializer());
        for (final int partitions : new int[] {1, 3, 4, 6, 12, 100}) {
            for (int i = 0; i < 2_000; i++) {
                final String user = (i % 3 == 0 ? "üser-" : i % 3 == 1 ? "a b/c+d%e-" : "user-") + i;
                final int ours = UserPartitions.partitionOf(user, partitions);
                assertThat(ours).as("%s of %d", user, partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(user.getBytes(StandardCharsets.UTF_8), partitions));
                assertThat(streams.partitions("topic", user, null, new RecordHeaders(), partitions)).isEqualTo(Optional.of(Set.of(ours)));
            }
        }
    }
}
