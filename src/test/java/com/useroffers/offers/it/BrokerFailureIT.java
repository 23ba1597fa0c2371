package com.useroffers.offers.it;

import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TestApp;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.Workload;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once through a broker failure: three real brokers, replication factor 3 and
 * {@code min.insync.replicas=2} everywhere (input, output, changelogs, transaction log); one broker
 * SIGKILLed while input flows and brought back later, the application running throughout.
 */
class BrokerFailureIT {

    @Test
    @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
    void shouldStayExactlyOnceWhenABrokerIsKilledAndBroughtBack(@TempDir final Path dir) {
        try (KafkaCluster cluster = KafkaCluster.start(3, dir.resolve("kafka"))) {
            final TestApp app = new TestApp(cluster, dir, "broker-failure", 6);
            final List<List<ProducerRecord<byte[], byte[]>>> slices =
                    Workload.slices(Workload.records(app.inputTopic(), 5, 12_000, 300), 3);
            try (AppProcess instance = app.start("a");
                 KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
                TopicRecords.produceSynchronously(producer, slices.get(0));
                cluster.kill(2);
                TopicRecords.produceSynchronously(producer, slices.get(1));
                cluster.restart(2);
                TopicRecords.produceSynchronously(producer, slices.get(2));
                app.waitUntilCaughtUp(Duration.ofMinutes(3));
                assertThat(instance.isAlive()).as("the application kept running").isTrue();
                final ExactlyOnceVerifier.Summary summary = ExactlyOnceVerifier.verify(
                        TopicRecords.readCommitted(cluster, app.inputTopic()),
                        TopicRecords.readCommitted(cluster, app.stateTopic()),
                        TopicRecords.readCommitted(cluster, app.dlqTopic()));
                System.out.printf("[broker kill 2 of 3] %s%n", summary);
            }
        }
    }
}
