package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.config.Secrets;
import com.useroffers.offers.run.StreamsRunner;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes example agrees with the application and the image: probe paths, ports, the state
 * directory, the user, settings that exist, secrets only from a Secret, and a grace period longer than
 * the close timeout.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The run command's bounded close at the shipped settings (60 s: session.timeout.ms + 15 s). */
    private static final Duration CLOSE_TIMEOUT = StreamsRunner.closeTimeout(new Properties());

    private final JsonNode statefulSet = read("statefulset.yaml");
    private final JsonNode pod = statefulSet.path("spec").path("template");
    private final JsonNode container = pod.path("spec").path("containers").get(0);

    @Test
    void shouldProbeTheEndpointsOnTheApplicationsPort() {
        final int port = (Integer) OffersConfig.definition().defaultValues().get(OffersConfig.HTTP_PORT);
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo(OpsServer.LIVE);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo(OpsServer.LIVE);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo(OpsServer.READY);
        final JsonNode annotations = pod.path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(port));
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(OpsServer.METRICS);
    }

    @Test
    void shouldKeepTheStateDirectoryOnAPersistentVolumePerPod() throws IOException {
        final JsonNode claim = statefulSet.path("spec").path("volumeClaimTemplates").get(0);
        assertThat(claim.path("spec").path("accessModes").get(0).asText()).isEqualTo("ReadWriteOnce");
        final String stateDir = shippedSettings().getProperty(StreamsConfig.STATE_DIR_CONFIG);
        assertThat(container.path("volumeMounts")).anySatisfy(mount -> {
            assertThat(mount.path("name").asText()).isEqualTo(claim.path("metadata").path("name").asText());
            assertThat(mount.path("mountPath").asText()).isEqualTo(stateDir);
        });
        assertThat(DockerfileSpec.load().finalStage().volumes).containsExactly(stateDir);
    }

    @Test
    void shouldRunAsTheImagesUserWithTheVolumeWritableForIt() {
        final String[] user = DockerfileSpec.load().finalStage().user.split(":");
        final JsonNode security = pod.path("spec").path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("runAsUser").asText()).isEqualTo(user[0]);
        assertThat(security.path("runAsGroup").asText()).isEqualTo(user[1]);
        assertThat(security.path("fsGroup").asText()).isEqualTo(user[1]);
    }

    @Test
    void shouldGiveTheApplicationLongerToCloseThanItsCloseTimeout() {
        final long grace = pod.path("spec").path("terminationGracePeriodSeconds").asLong();
        assertThat(grace).isGreaterThan(CLOSE_TIMEOUT.toSeconds() + 10);
    }

    @Test
    void shouldSetApplicationServerPerPodFromItsNameAndTheHeadlessService() {
        final JsonNode service = read("service-headless.yaml");
        assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(statefulSet.path("spec").path("serviceName").asText()).isEqualTo(service.path("metadata").path("name").asText());
        assertThat(env("POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
        assertThat(ConfigLoader.keyForEnv("USER_OFFERS_APPLICATION_SERVER")).isEqualTo(StreamsConfig.APPLICATION_SERVER_CONFIG);
        assertThat(env("USER_OFFERS_APPLICATION_SERVER").path("value").asText())
                .startsWith("$(POD_NAME)." + service.path("metadata").path("name").asText() + ".")
                .endsWith(":" + container.path("ports").get(0).path("containerPort").asInt());
    }

    @Test
    void shouldTakeSaslJaasConfigFromASecretAndNoSecretFromTheConfigMap() {
        assertThat(ConfigLoader.keyForEnv("USER_OFFERS_SASL_JAAS_CONFIG")).isEqualTo("sasl.jaas.config");
        assertThat(env("USER_OFFERS_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef").path("key").asText())
                .isEqualTo("sasl.jaas.config");
        read("configmap.yaml").path("data").fieldNames().forEachRemaining(name -> {
            if (name.startsWith(ConfigLoader.ENV_PREFIX)) {
                assertThat(Secrets.isSecret(ConfigLoader.keyForEnv(name))).as(name).isFalse();
            }
        });
    }

    @Test
    void shouldOnlySetSettingsThatExist() {
        final Set<String> known = new HashSet<>(OffersConfig.definition().names());
        known.addAll(StreamsConfig.configDef().names());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        final Stream<String> fromConfigMap = stream(read("configmap.yaml").path("data").fieldNames());
        final Stream<String> fromPod = stream(container.path("env").elements()).map(env -> env.path("name").asText());
        Stream.concat(fromConfigMap, fromPod).filter(name -> name.startsWith(ConfigLoader.ENV_PREFIX)).forEach(name ->
                assertThat(known).as("%s stands for %s", name, ConfigLoader.keyForEnv(name)).contains(ConfigLoader.keyForEnv(name)));
    }

    @Test
    void shouldBudgetOneDisruptionAtATimeForThesePods() {
        final JsonNode budget = read("poddisruptionbudget.yaml");
        assertThat(budget.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        final JsonNode labels = pod.path("metadata").path("labels");
        final JsonNode selector = budget.path("spec").path("selector").path("matchLabels");
        assertThat(selector.size()).isPositive();
        selector.fieldNames().forEachRemaining(label ->
                assertThat(labels.path(label).asText()).isEqualTo(selector.path(label).asText()));
    }

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException {
        final List<String> resources = stream(read("kustomization.yaml").path("resources").elements()).map(JsonNode::asText).toList();
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(resources).containsExactlyInAnyOrderElementsOf(files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).toList());
        }
    }

    private JsonNode env(final String name) {
        return stream(container.path("env").elements()).filter(env -> env.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static JsonNode read(final String file) {
        try {
            return YAML.readTree(DIR.resolve(file).toFile());
        } catch (final IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static <T> Stream<T> stream(final Iterator<T> iterator) {
        final Iterable<T> iterable = () -> iterator;
        return StreamSupport.stream(iterable.spliterator(), false);
    }

    private static Properties shippedSettings() throws IOException {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(OpsServerTest.SHIPPED_CONFIG, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
