package com.useroffers.offers.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;

/**
 * A one-node Kafka 4.4.0 (KRaft) that demands what a production cluster does: clients connect with
 * SASL SCRAM-SHA-512 over TLS (the broker's certificate signed by a throw-away CA for {@code IP:127.0.0.1},
 * {@link TestCertificates}), and {@code StandardAuthorizer} allows nothing that no ACL allows
 * ({@code allow.everyone.if.no.acl.found=false}).
 *
 * <p>The controller and inter-broker listeners stay PLAINTEXT on loopback, not advertised to clients:
 * their principal, {@code User:ANONYMOUS}, must be a super user, as the broker talks to its own controller
 * through them. The other super user is {@code User:admin}, bootstrapped at format time
 * ({@code StorageTool format --add-scram}, as someone must exist before anyone can log in) and used only
 * to set up and to check; every other user is created by admin with {@code Admin.alterUserScramCredentials}.
 * Passwords are random per cluster. Each principal's client settings are also written to a properties
 * file readable by its owner only, as an operator would keep them.
 */
public final class SecureCluster implements AutoCloseable {

    public static final String ADMIN = "admin";
    private static final String MECHANISM = "SCRAM-SHA-512";

    /** A user of the cluster: its name, password and client settings file. */
    public record Principal(String name, String password, Path configFile) {
        public String principal() {
            return "User:" + name;
        }
    }

    private final Path dir;
    private final KafkaNode node;
    private final String bootstrapServers;
    private final TestCertificates certificates;
    private final Principal admin;
    private final List<String> secrets = new ArrayList<>();

    private SecureCluster(final Path dir, final String classpath) {
        this.dir = dir;
        this.certificates = TestCertificates.generate(dir.resolve("tls"));
        final int[] ports = KafkaCluster.freePorts(3);
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + ports[2]);
        props.put("listeners", "CLIENT://127.0.0.1:" + ports[0] + ",INTERNAL://127.0.0.1:" + ports[1]
                + ",CONTROLLER://127.0.0.1:" + ports[2]);
        props.put("advertised.listeners", "CLIENT://127.0.0.1:" + ports[0] + ",INTERNAL://127.0.0.1:" + ports[1]);
        props.put("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "INTERNAL");
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("listener.name.client.sasl.enabled.mechanisms", MECHANISM);
        props.put("listener.name.client." + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("listener.name.client.ssl.keystore.type", "PKCS12");
        props.put("listener.name.client.ssl.keystore.location", certificates.keystore().toString());
        props.put("listener.name.client.ssl.keystore.password", certificates.password());
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        props.put("log.dirs", dir.resolve("node-1").resolve("data").toString());
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        this.node = new KafkaNode(1, dir.resolve("node-1"), props, classpath);
        this.bootstrapServers = "127.0.0.1:" + ports[0];
        secrets.add(certificates.password());
        this.admin = principal(ADMIN, TestCertificates.randomSecret());
    }

    /** Generates the TLS material, formats (admin's credentials included) and starts the node, and waits until admin can use it. */
    public static SecureCluster start(final Path dir) {
        final SecureCluster cluster = new SecureCluster(dir, TestClasspath.dependencies());
        try {
            cluster.node.format(Uuid.randomUuid().toString(), List.of("--add-scram",
                    MECHANISM + "=[name=" + ADMIN + ",password=" + cluster.admin.password() + "]"));
            cluster.node.start();
            cluster.awaitAdmin(Duration.ofSeconds(90));
            return cluster;
        } catch (final RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Principal admin() {
        return admin;
    }

    /** An admin client logged in as the super user {@code admin}. */
    public Admin adminClient() {
        return Admin.create(clientSettings(admin));
    }

    /** Creates SCRAM credentials for a new user with a random password (as admin), and its config file. */
    public Principal createUser(final String name) {
        final Principal user = principal(name, TestCertificates.randomSecret());
        try (Admin client = adminClient()) {
            client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), user.password())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (final Exception e) {
            throw new IllegalStateException("cannot create user " + name, e);
        }
        return user;
    }

    /** A user as it would be with a wrong password: a config file that the broker refuses. */
    public Principal withWrongPassword(final Principal user) {
        return principal(user.name(), TestCertificates.randomSecret(), user.name() + "-wrong-password");
    }

    /** Bootstrap servers and every security setting a client of {@code user} needs. */
    public Map<String, Object> clientSettings(final Principal user) {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        settings.putAll(securitySettings(user));
        return settings;
    }

    /**
     * The same security settings as environment variables of the application ({@code USER_OFFERS_*}, the
     * documented mapping), the way a container gets its secrets: never on the command line.
     */
    public Map<String, String> environment(final Principal user) {
        final Map<String, String> environment = new LinkedHashMap<>();
        securitySettings(user).forEach((key, value) -> environment.put(
                "USER_OFFERS_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return environment;
    }

    /** Every password of this cluster (users and key stores): none may appear in what a command prints or leaves behind. */
    public List<String> secrets() {
        return List.copyOf(secrets);
    }

    /** Where the broker logs (its own, with its own key store password in its config: not a command's output). */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        node.stop();
    }

    private Map<String, String> securitySettings(final Principal user) {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user.name() + "\" password=\"" + user.password() + "\";");
        settings.put("ssl.truststore.type", "PKCS12");
        settings.put("ssl.truststore.location", certificates.truststore().toString());
        settings.put("ssl.truststore.password", certificates.password());
        return settings;
    }

    private Principal principal(final String name, final String password) {
        return principal(name, password, name);
    }

    private Principal principal(final String name, final String password, final String fileName) {
        secrets.add(password);
        final Path file = dir.resolve("clients").resolve(fileName + ".properties");
        final Principal user = new Principal(name, password, file);
        final StringBuilder text = new StringBuilder();
        securitySettings(user).forEach((key, value) -> text.append(key).append('=')
                .append(value.replace("\\", "\\\\")).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return user;
    }

    private void awaitAdmin(final Duration timeout) {
        final Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!node.isAlive()) {
                throw new IllegalStateException("the secured broker exited; see " + dir.resolve("node-1"));
            }
            try (Admin client = adminClient()) {
                if (!client.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (final Exception e) {
                last = e;
            }
            KafkaCluster.sleep(250);
        }
        throw new IllegalStateException("secured Kafka not ready within " + timeout + " at " + bootstrapServers, last);
    }
}
