package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.IngestConfig;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.topology.OffersTopology;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Dockerfile promises, checked without a Docker engine: the instructions themselves, and the
 * HEALTHCHECK command run as written against a real endpoint. ({@code ContainerCommandLineIT} runs the
 * ENTRYPOINT and CMD.)
 */
@Timeout(60)
class DockerfileTest {

    private static final Path DOCKERIGNORE = Path.of(".dockerignore");

    private final DockerfileSpec dockerfile = DockerfileSpec.load();
    private final DockerfileSpec.Stage runtime = dockerfile.finalStage();

    @TempDir
    Path stateDir;

    @Test
    void shouldBuildTheJarWithMavenAndRunItOnAJre() {
        assertThat(dockerfile.stages()).hasSize(2);
        final DockerfileSpec.Stage build = dockerfile.stage("build");
        assertThat(build.image).isEqualTo("maven:3.9-eclipse-temurin-17");
        assertThat(build.runs).contains("mvn -B package -DskipTests");
        assertThat(runtime.image).isEqualTo("eclipse-temurin:17-jre");
        assertThat(runtime.copies).contains(new DockerfileSpec.Copy("build",
                build.workdir + "/target/user-offers-streams.jar", "/opt/user-offers-streams/user-offers-streams.jar"));
    }

    @Test
    void shouldPinEveryBaseImageByDigestAndKeepItsTagForReaders() {
        // Given the Dockerfile's FROM lines
        final List<DockerfileSpec.Stage> stages = dockerfile.stages();

        // Then each names its image by tag and by the sha256 digest Docker actually pulls
        assertThat(stages).isNotEmpty().allSatisfy(stage -> {
            assertThat(stage.image).as("tag for readers").matches("[a-z0-9./-]+:[A-Za-z0-9._-]+");
            assertThat(stage.digest).as("digest of " + stage.image).matches("sha256:[0-9a-f]{64}");
        });
    }

    @Test
    void shouldRefuseToReadAnImageDigestThatIsNotASha256() {
        assertThat(DockerfileSpec.parse("FROM eclipse-temurin:17-jre\n").finalStage().digest).as("tag only").isNull();
        assertThatThrownBy(() -> DockerfileSpec.parse("FROM eclipse-temurin:17-jre@sha256:abc\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRunAsAFixedNumericNonRootUser() {
        // numeric, so that Kubernetes' runAsNonRoot can verify it
        assertThat(runtime.user).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(runtime.runs).anySatisfy(run -> assertThat(run)
                .contains("useradd --system --uid " + runtime.user.split(":")[0])
                .contains("chown -R " + runtime.user + " /var/lib/user-offers-streams"));
    }

    @Test
    void shouldDeclareTheShippedStateDirectoryAsAVolume() throws IOException {
        assertThat(runtime.volumes).containsExactly(shippedSettings().getProperty("state.dir"));
    }

    @Test
    void shouldStartJavaAsTheProcessItselfWithContainerAwareMemoryFlags() {
        // exec form, no shell in between: java is PID 1 and receives SIGTERM
        assertThat(runtime.entrypoint).first().isEqualTo("java");
        assertThat(runtime.entrypoint).contains("-XX:+ExitOnOutOfMemoryError")
                .anySatisfy(arg -> assertThat(arg).matches("-XX:MaxRAMPercentage=[0-9]+(\\.[0-9]+)?"))
                .noneSatisfy(arg -> assertThat(arg).startsWith("-Xmx"));
        final List<String> jar = runtime.entrypoint.subList(runtime.entrypoint.indexOf("-jar"), runtime.entrypoint.size());
        assertThat(jar).hasSize(2);
        assertThat(runtime.copyTo(jar.get(1)).fromStage()).isEqualTo("build");
    }

    @Test
    void shouldRunTheShippedConfigurationByDefault() {
        assertThat(runtime.cmd).hasSize(3).startsWith("run", "--config");
        assertThat(runtime.copyTo(runtime.cmd.get(2))).isEqualTo(
                new DockerfileSpec.Copy(null, "config/streams.properties", runtime.cmd.get(2)));
    }

    @Test
    void shouldExposeThePortTheApplicationAndTheHealthcheckUseAndTheIngestGrpcPort() {
        final String port = runtime.env.get(ConfigLoader.ENV_PREFIX + "OFFERS_HTTP_PORT");
        assertThat(ConfigLoader.keyForEnv(ConfigLoader.ENV_PREFIX + "OFFERS_HTTP_PORT")).isEqualTo(OffersConfig.HTTP_PORT);
        assertThat(port).isEqualTo(String.valueOf(OffersConfig.definition().defaultValues().get(OffersConfig.HTTP_PORT)));
        assertThat(runtime.exposed).containsExactlyInAnyOrder(port,
                String.valueOf(IngestConfig.definition().defaultValues().get(IngestConfig.PORT)));
        assertThat(String.join(" ", runtime.healthcheck)).contains("${USER_OFFERS_OFFERS_HTTP_PORT:-" + port + "}", OpsServer.LIVE);
    }

    @Test
    void shouldSendOnlyWhatTheDockerfileCopiesToTheBuildContext() throws IOException {
        final List<String> rules = Files.readAllLines(DOCKERIGNORE).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(rules).first().isEqualTo("*");
        assertThat(rules).containsExactlyInAnyOrder("*", "!pom.xml", "!src/", "!config/streams.properties");
        dockerfile.stages().forEach(stage -> stage.copies.stream().filter(copy -> copy.fromStage() == null)
                .forEach(copy -> assertThat(rules).anySatisfy(rule ->
                        assertThat(copy.src().replaceAll("^\\./", "")).startsWith(rule.substring(1).replaceAll("/$", "")))));
    }

    @Test
    void shouldPassTheHealthcheckWhileTheClientIsLive() throws Exception {
        try (KafkaStreams streams = createdClient(); OpsServer ops = OpsServer.start(config(), streams)) {
            assertThat(runHealthcheck(ops.port())).isZero();
        }
    }

    @Test
    void shouldFailTheHealthcheckOnceTheClientIsNotLive() throws Exception {
        try (KafkaStreams streams = createdClient(); OpsServer ops = OpsServer.start(config(), streams)) {
            // When
            streams.close(Duration.ofSeconds(10)); // NOT_RUNNING: /health/live answers 503

            // Then
            assertThat(runHealthcheck(ops.port())).isNotZero();
        }
    }

    @Test
    void shouldFailTheHealthcheckWhenNothingListens() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThat(runHealthcheck(closedPort)).isNotZero();
    }

    /** The HEALTHCHECK command as written, with the port the container's environment would give it. */
    private int runHealthcheck(final int port) throws IOException, InterruptedException {
        final Duration timeout = Duration.ofSeconds(Long.parseLong(runtime.healthcheckOptions.get("timeout").replace("s", "")));
        final ProcessBuilder builder = new ProcessBuilder(runtime.healthcheck).redirectErrorStream(true);
        builder.environment().put(ConfigLoader.ENV_PREFIX + "OFFERS_HTTP_PORT", Integer.toString(port));
        final Process process = builder.start();
        try {
            assertThat(process.waitFor(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS))
                    .as("the healthcheck ends within its own --timeout").isTrue();
            return process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }

    private OffersConfig config() {
        return ConfigLoader.loadConfig(OpsServerTest.SHIPPED_CONFIG, Map.of(), Map.of(
                "bootstrap.servers", "127.0.0.1:9", // never contacted: the client is not started
                "state.dir", stateDir.toString(),
                OffersConfig.HTTP_PORT, "0",
                OffersConfig.HTTP_BIND_ADDRESS, "127.0.0.1"));
    }

    private KafkaStreams createdClient() {
        final OffersConfig config = config();
        return new KafkaStreams(OffersTopology.build(config), config.streamsProperties());
    }

    private static Properties shippedSettings() throws IOException {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(OpsServerTest.SHIPPED_CONFIG, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
