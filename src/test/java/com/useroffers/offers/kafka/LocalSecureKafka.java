package com.useroffers.offers.kafka;

import com.useroffers.offers.fixtures.Directories;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a local secured Kafka node for {@code ./demo.sh --secure} ({@link SecureCluster}: SASL_SSL
 * SCRAM-SHA-512, ACLs enforced) until SIGTERM/SIGINT, or at most {@code MAX_SECONDS} so a forgotten
 * demo never leaves a broker behind:
 * {@code java -cp target/test-classes:$(cat target/test-classpath.txt) com.useroffers.offers.kafka.LocalSecureKafka DIR MAX_SECONDS USER...}.
 * Creates each USER with a random password (admin exists from the start), writes every client's
 * settings to {@code DIR/clients/NAME.properties} (owner-only), then prints {@code BOOTSTRAP=<servers>}.
 * On the way out it deletes what holds a secret: the client files, the TLS stores (the broker's private
 * key among them) and the broker's own config (its key store password); {@code demo.sh} deletes them too,
 * in case this JVM was killed before its hook ran.
 */
public final class LocalSecureKafka {

    private LocalSecureKafka() {
    }

    public static void main(final String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: LocalSecureKafka DIR MAX_SECONDS [USER...]");
            System.exit(2);
        }
        // Absolute: the client files name the trust store, and are read from wherever a command runs.
        final Path dir = Path.of(args[0]).toAbsolutePath();
        final long maxSeconds = Long.parseLong(args[1]);
        final List<String> users = Arrays.asList(args).subList(2, args.length);
        final SecureCluster cluster = SecureCluster.start(dir);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } finally {
                deleteSecrets(dir);
                stopped.countDown();
            }
        }, "local-secure-kafka-stop"));
        users.forEach(cluster::createUser);
        System.out.println("BOOTSTRAP=" + cluster.bootstrapServers());
        System.out.flush();
        if (!stopped.await(maxSeconds, TimeUnit.SECONDS)) {
            System.out.println("local secured Kafka: " + maxSeconds + " s lifetime reached, stopping");
            System.exit(0);
        }
    }

    /** The files of {@code dir} that hold a password or a private key (see the class comment). */
    static void deleteSecrets(final Path dir) {
        for (final Path path : List.of(dir.resolve("clients"), dir.resolve("tls"),
                dir.resolve("node-1").resolve("server.properties"))) {
            try {
                Directories.deleteRecursively(path);
            } catch (final UncheckedIOException e) {
                System.err.println("local secured Kafka: " + e.getMessage() + " (demo.sh deletes it too)");
            }
        }
    }
}
