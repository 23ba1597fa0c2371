package com.useroffers.offers.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Directories;
import com.useroffers.offers.kafka.AppProcess;
import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.SecureCluster;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.kafka.TopicsScript;
import com.useroffers.offers.reference.ExactlyOnceVerifier;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Every command against a cluster that demands SASL SCRAM-SHA-512 over TLS and authorizes with ACLs
 * ({@link SecureCluster}), each as its own principal holding exactly the ACLs of {@code acls.sh} (which
 * the test runs, as an operator would): {@code topics.sh} creates the topics, {@code produce} writes,
 * {@code run} processes under exactly_once_v2 and the exactly-once checks pass (read as admin),
 * {@code reset} replays byte for byte, {@code redrive} sends dead letters back. Then {@code run} with each
 * one of its ACLs missing exits 7 with one line naming the operation and resource, and every command
 * with a wrong password exits 6 with one line; so does {@code acls.sh} with a wrong admin password, and
 * it exits 7 with one line when its principal may not create ACLs. No secret appears in anything a command printed or left.
 * The client secrets reach the commands through environment variables, never the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SecuredClusterIT {

    private static final int PARTITIONS = 3;
    private static final Duration CATCH_UP = Duration.ofMinutes(2);
    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final String APP = "secured-app";
    private static final AclPlan.Names NAMES = new AclPlan.Names(APP, "secured-in", "secured-state", "secured-dlq", true);
    private static final String CAUSE = "user-offers-streams: ";

    private Path clusterDir;
    private Path dir;
    private SecureCluster cluster;
    private final List<AppProcess> finished = new ArrayList<>();

    @BeforeAll
    void startCluster() throws IOException {
        clusterDir = Files.createTempDirectory("offers-secure-kafka-");
        dir = Files.createTempDirectory("offers-secure-it-");
        cluster = SecureCluster.start(clusterDir);
    }

    @AfterAll
    void stopCluster() {
        finished.stream().filter(AppProcess::isAlive).forEach(AppProcess::kill);
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            Directories.deleteRecursively(clusterDir);
            Directories.deleteRecursively(dir);
        }
    }

    @Test
    @Order(1)
    void shouldRunEveryCommandAsItsOwnPrincipalWithExactlyTheAclsOfAclsSh() {
        // Given: one principal per command, each granted its ACLs by ./acls.sh as admin
        final Map<AclCommand, SecureCluster.Principal> users = new LinkedHashMap<>();
        for (final AclCommand command : List.of(AclCommand.TOPICS, AclCommand.PRODUCE, AclCommand.RUN, AclCommand.RESET,
                AclCommand.REDRIVE)) {
            final SecureCluster.Principal user = cluster.createUser(command.cliName() + "-user");
            users.put(command, user);
            final TopicsScript.Result acls = runScript("acls.sh", "--bootstrap-server", cluster.bootstrapServers(),
                    "--command-config", cluster.admin().configFile().toString(), "--principal", user.principal(),
                    "--for", command.cliName(), "--application-id", APP, "--input-topic", NAMES.inputTopic(),
                    "--state-topic", NAMES.stateTopic(), "--dlq-topic", NAMES.dlqTopic());
            assertThat(acls.exitCode()).as("%s", acls).isZero();
            assertThat(acls.stdout()).contains("created " + AclPlan.grants(command, NAMES).size() + " ACLs for " + user.principal());
        }

        // When: topics.sh creates the topics as its principal
        final TopicsScript.Result topics = TopicsScript.run(dir, "--bootstrap-server", cluster.bootstrapServers(),
                "--command-config", users.get(AclCommand.TOPICS).configFile().toString(), "--partitions", Integer.toString(PARTITIONS),
                "--replication-factor", "1", "--input-topic", NAMES.inputTopic(), "--state-topic", NAMES.stateTopic(),
                "--dlq-topic", NAMES.dlqTopic());
        // Then
        assertThat(topics.exitCode()).as("%s", topics).isZero();

        // When: produce writes a mixed workload, run processes it
        final AppProcess produce = command("produce", users.get(AclCommand.PRODUCE), "produce", Map.of(),
                "--events", "3000", "--users", "200", "--seed", "7");
        assertThat(produce.awaitExit(EXIT)).as(produce.output()).isZero();
        final Map<String, byte[]> before;
        final int httpPort = KafkaCluster.freePorts(1)[0];
        try (AppProcess run = command("run", users.get(AclCommand.RUN), "run-1", Map.of("offers.http.port", Integer.toString(httpPort)))) {
            waitUntilCaughtUp();
            // Then: /metrics answers, and is kept with the outputs that assertNoSecretLeft searches
            final String metrics = get("http://127.0.0.1:" + httpPort + "/metrics");
            assertThat(metrics).contains("user_offers_");
            write(dir.resolve("run-1.metrics.txt"), metrics);
            // Then: the exactly-once checks, as admin
            final ExactlyOnceVerifier.Summary summary = verify();
            System.out.printf("[secured] %s%n", summary);
            before = TopicRecords.latestByKey(readCommitted(NAMES.stateTopic()));
            assertThat(run.terminate(Duration.ofSeconds(60))).as(run.output()).isZero();
        }

        // When: reset, then run again: the replay ends byte-identical
        final AppProcess reset = command("reset", users.get(AclCommand.RESET), "reset", Map.of());
        assertThat(reset.awaitExit(Duration.ofMinutes(2))).as(reset.output()).isZero();
        try (AppProcess run = command("run", users.get(AclCommand.RUN), "run-2", Map.of())) {
            waitUntilCaughtUp();
            final Map<String, byte[]> after = TopicRecords.latestByKey(readCommitted(NAMES.stateTopic()));
            assertThat(after.keySet()).isEqualTo(before.keySet());
            after.forEach((key, value) -> assertThat(value).as("latest state of %s", key).isEqualTo(before.get(key)));

            // When: redrive sends the INVALID_TRANSITION dead letters back, as its own principal
            final AppProcess redrive = command("redrive", users.get(AclCommand.REDRIVE), "redrive", Map.of(),
                    "--reason", "INVALID_TRANSITION");
            assertThat(redrive.awaitExit(EXIT)).as(redrive.output()).isZero();
            // Then: they are in the input, marked, and processed
            final long redriven = readCommitted(NAMES.inputTopic()).stream()
                    .filter(r -> r.headers().lastHeader("offers.redrive.of") != null).count();
            assertThat(redriven).isPositive();
            waitUntilCaughtUp();
            assertThat(run.terminate(Duration.ofSeconds(60))).as(run.output()).isZero();
        }
        assertNoSecretLeft();
    }

    @Test
    @Order(2)
    void shouldExitSevenNamingTheOperationAndResourceWhenAnyOneAclOfRunIsMissing() {
        final List<AclPlan.Grant> grants = AclPlan.grants(AclCommand.RUN, NAMES);
        final List<String> observed = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            // Given: a principal with every ACL of run but one (CREATE on internal topics: a new application id,
            // whose internal topics do not exist yet; the others: the application of the first test, whose do)
            final boolean create = grants.get(i).operation() == AclOperation.CREATE;
            final AclPlan.Names names = create
                    ? new AclPlan.Names(APP + "-fresh", NAMES.inputTopic(), NAMES.stateTopic(), NAMES.dlqTopic(), true)
                    : NAMES;
            final AclPlan.Grant missing = AclPlan.grants(AclCommand.RUN, names).get(i);
            final SecureCluster.Principal user = cluster.createUser("run-without-" + i);
            final List<AclBinding> bindings = new ArrayList<>(AclPlan.bindings(AclCommand.RUN, names, user.principal()));
            bindings.remove(i);
            grant(bindings);

            // When
            final AppProcess run = command("run", user, "run-without-" + i,
                    Map.of("application.id", names.applicationId(), "offers.startup.timeout", "PT30S"));
            final Integer exit = run.awaitExit(EXIT);
            if (exit == null) {
                run.kill();
            }

            // Then
            final String line = causeLine(run.output());
            observed.add(missing.resourceType() + " " + missing.patternType() + " " + missing.name() + " "
                    + missing.operation() + " -> exit " + exit + ": " + line);
            assertThat(exit).as("without %s:%n%s", missing, run.output()).isEqualTo(7);
            assertThat(line).as("without %s", missing)
                    .startsWith(CAUSE + "not authorized: " + missing.operation() + " on ")
                    .contains("'" + missing.name() + "'", "for " + user.principal(), "./acls.sh --for run");
            assertThat(run.output()).as("no stack trace").doesNotContain("\tat ");
        }
        observed.forEach(line -> System.out.printf("[secured] %s%n", line));
        assertNoSecretLeft();
    }

    @Test
    @Order(3)
    void shouldExitSixWithOneLineWhenThePasswordIsWrong() {
        // Given: a user that exists, and a password that is not its own
        final SecureCluster.Principal user = cluster.createUser("wrong-password-user");
        final SecureCluster.Principal wrong = cluster.withWrongPassword(user);
        for (final String verb : List.of("run", "produce", "reset", "redrive", "ingest")) {
            // When
            final AppProcess process = verb.equals("produce")
                    ? command(verb, wrong, verb + "-wrong-password", Map.of(), "--events", "10")
                    : command(verb, wrong, verb + "-wrong-password", Map.of("offers.ingest.port", "0"));
            final Integer exit = process.awaitExit(EXIT);
            if (exit == null) {
                process.kill();
            }
            // Then
            assertThat(exit).as("%s:%n%s", verb, process.output()).isEqualTo(6);
            assertThat(causeLine(process.output())).as(verb).contains("credentials");
        }
        assertNoSecretLeft();
    }

    @Test
    @Order(4)
    void shouldExitSixWithOneLineWhenAclsShIsGivenAWrongAdminPassword() {
        // Given: admin's config file with a password that is not admin's
        final SecureCluster.Principal wrongAdmin = cluster.withWrongPassword(cluster.admin());

        // When
        final TopicsScript.Result acls = aclsForProduce(wrongAdmin, "User:nobody-6");

        // Then
        assertThat(acls.exitCode()).as("%s", acls).isEqualTo(6);
        assertOneCauseLine(acls, "user-offers-streams: Kafka refused the credentials of --command-config");
    }

    @Test
    @Order(5)
    void shouldExitSevenWithOneLineWhenAclsShRunsAsAPrincipalThatMayNotCreateAcls() {
        // Given: a principal that logs in but holds no ACL (not ALTER on the cluster)
        final SecureCluster.Principal user = cluster.createUser("not-an-acl-admin");

        // When
        final TopicsScript.Result acls = aclsForProduce(user, "User:nobody-7");

        // Then
        assertThat(acls.exitCode()).as("%s", acls).isEqualTo(7);
        assertOneCauseLine(acls, "user-offers-streams: not authorized to create ACLs (ALTER on the cluster) as " + user.principal()
                + ": use an admin's --command-config");
        assertThat(acls.stderr()).as("not the broker's dump of the request").doesNotContain("Request(", "Session@");
    }

    private TopicsScript.Result aclsForProduce(final SecureCluster.Principal asWhom, final String principal) {
        return runScript("acls.sh", "--bootstrap-server", cluster.bootstrapServers(), "--command-config",
                asWhom.configFile().toString(), "--principal", principal, "--for", "produce");
    }

    /** The script failed with one line on stderr (logs go to stdout) naming the cause, and no stack trace anywhere. */
    private void assertOneCauseLine(final TopicsScript.Result result, final String cause) {
        final List<String> lines = result.stderr().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("%s", result).hasSize(1);
        assertThat(lines.get(0)).startsWith(cause);
        System.out.printf("[secured] acls.sh -> exit %d: %s%n", result.exitCode(), lines.get(0));
        assertThat(result.stdout() + result.stderr()).as("no stack trace").doesNotContain("\tat ", "Exception in thread");
        assertNoSecretLeft();
    }

    /** The command as its own process, its principal's secrets in its environment, the names above as --property. */
    private AppProcess command(final String verb, final SecureCluster.Principal user, final String name,
                               final Map<String, String> overrides, final String... arguments) {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", cluster.bootstrapServers());
        settings.put("application.id", APP);
        settings.put("offers.input.topic", NAMES.inputTopic());
        settings.put("offers.state.topic", NAMES.stateTopic());
        settings.put("offers.dlq.topic", NAMES.dlqTopic());
        settings.put("state.dir", dir.resolve("state-" + name).toString());
        settings.put("replication.factor", "1");
        settings.put("topic.min.insync.replicas", "1");
        settings.put("num.standby.replicas", "0");
        settings.put("offers.http.port", "0");
        settings.put("offers.startup.timeout", "PT30S");
        settings.putAll(overrides);
        final AppProcess process = AppProcess.start(List.of(), verb, List.of(arguments), settings, cluster.environment(user),
                dir.resolve(name + ".log"));
        finished.add(process);
        return process;
    }

    /** {@code ./acls.sh ...} (any script of the project) as an operator runs it. */
    private TopicsScript.Result runScript(final String script, final String... args) {
        final List<String> command = new ArrayList<>(List.of("bash", script));
        command.addAll(List.of(args));
        final Path out = dir.resolve(script + "-" + System.nanoTime() + ".out");
        final Path err = dir.resolve(script + "-" + System.nanoTime() + ".err");
        try {
            final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within 120 s");
            }
            return new TopicsScript.Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void grant(final List<AclBinding> bindings) {
        try (Admin admin = cluster.adminClient()) {
            admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void waitUntilCaughtUp() {
        TopicRecords.waitUntilGroupCaughtUp(cluster.clientSettings(cluster.admin()), APP, NAMES.inputTopic(), CATCH_UP);
    }

    private List<ConsumerRecord<byte[], byte[]>> readCommitted(final String topic) {
        return TopicRecords.readCommitted(cluster.clientSettings(cluster.admin()), topic);
    }

    private ExactlyOnceVerifier.Summary verify() {
        return ExactlyOnceVerifier.verify(readCommitted(NAMES.inputTopic()), readCommitted(NAMES.stateTopic()),
                readCommitted(NAMES.dlqTopic()));
    }

    /** The one line a failed command ends with: {@code user-offers-streams: <cause>}, the last such line. */
    private static String causeLine(final String output) {
        return output.lines().filter(line -> line.startsWith(CAUSE)).reduce((first, second) -> second).orElse("(none)");
    }

    /**
     * No password (users', the stores') in anything the commands printed or wrote: their logs, /metrics, the outputs of
     * the scripts, their state directories. The client config files the test itself wrote are elsewhere.
     */
    private void assertNoSecretLeft() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                final String text = read(file);
                for (final String secret : cluster.secrets()) {
                    assertThat(text).as("%s holds a secret", file).doesNotContain(secret);
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String get(final String url) {
        try {
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            return response.body();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(final Path file, final String text) {
        try {
            Files.writeString(file, text);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(final Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
