package com.useroffers.offers.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a local Kafka cluster for the demo until SIGTERM/SIGINT, or at most {@code MAX_SECONDS}
 * (default one hour) so a forgotten demo never leaves brokers behind:
 * {@code java -cp target/test-classes:$(cat target/test-classpath.txt) com.useroffers.offers.kafka.LocalKafka DIR [NODES] [MAX_SECONDS]}.
 * Prints {@code BOOTSTRAP=<servers>} on one line once every broker is up.
 */
public final class LocalKafka {

    private LocalKafka() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final Path dir = Path.of(args.length > 0 ? args[0] : "target/local-kafka");
        final int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        final long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 3600;
        final KafkaCluster cluster = KafkaCluster.start(nodes, dir);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "local-kafka-stop"));
        System.out.println("BOOTSTRAP=" + cluster.bootstrapServers());
        System.out.flush();
        if (!stopped.await(maxSeconds, TimeUnit.SECONDS)) {
            System.out.println("local Kafka: " + maxSeconds + " s lifetime reached, stopping");
            System.exit(0);
        }
    }
}
