package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.config.Secrets;
import com.useroffers.offers.run.CloseTimeout;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes example agrees with the application and the image: probe paths, ports, the state
 * directory, the user, settings that exist, secrets only from a Secret, and a grace period longer than
 * the close timeout; the secured example (SASL_SSL, SCRAM-SHA-512, stores mounted read-only from a
 * Secret) and the NetworkPolicies that let in and out only what the pods need.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The run command's bounded close at the shipped settings (60 s: session.timeout.ms + 15 s). */
    private static final Duration CLOSE_TIMEOUT = CloseTimeout.of(new Properties());

    /** Where the example's Kafka brokers are (configmap.yaml's bootstrap.servers) and the Kafka pods' DNS. */
    private static final String KAFKA_NAMESPACE = "kafka";
    private static final String DNS = "53";

    private final JsonNode statefulSet = read("statefulset.yaml");
    private final JsonNode ingest = read("deployment-ingest.yaml");
    private final JsonNode configMap = read("configmap.yaml").path("data");
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
        final Set<String> known = Kustomizations.knownSettings();
        final Stream<String> fromConfigMap = stream(read("configmap.yaml").path("data").fieldNames());
        final Stream<String> fromPod = Stream.of(statefulSet, ingest).flatMap(workload -> containers(workload))
                .flatMap(c -> stream(c.path("env").elements())).map(env -> env.path("name").asText());
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

    @Test
    void shouldShowTheLogsTailAsTerminationMessageOfEveryContainer() {
        Stream.of(statefulSet, ingest).flatMap(KubernetesManifestsTest::containers).forEach(c ->
                assertThat(c.path("terminationMessagePolicy").asText()).as(c.path("name").asText()).isEqualTo("FallbackToLogsOnError"));
    }

    @Test
    void shouldTalkToKafkaOverSaslSslWithScram() {
        assertThat(configMap.path("USER_OFFERS_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(configMap.path("USER_OFFERS_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
        assertThat(ConfigLoader.keyForEnv("USER_OFFERS_SSL_TRUSTSTORE_LOCATION")).isEqualTo("ssl.truststore.location");
        assertThat(ConfigLoader.keyForEnv("USER_OFFERS_SSL_KEYSTORE_LOCATION")).isEqualTo("ssl.keystore.location");
    }

    @Test
    void shouldMountTheKafkaStoresReadOnlyFromTheSecretThatHoldsTheirPasswords() {
        // Given each store's location (configmap.yaml) and the variable of its password
        final Map<String, String> stores = Map.of(
                "USER_OFFERS_SSL_TRUSTSTORE_LOCATION", "USER_OFFERS_SSL_TRUSTSTORE_PASSWORD",
                "USER_OFFERS_SSL_KEYSTORE_LOCATION", "USER_OFFERS_SSL_KEYSTORE_PASSWORD");
        for (final JsonNode workload : List.of(statefulSet, ingest)) {
            final JsonNode spec = workload.path("spec").path("template").path("spec");
            final JsonNode main = spec.path("containers").get(0);
            stores.forEach((location, password) -> {
                final Path file = Path.of(configMap.path(location).asText());
                // Then the file is an item of a Secret volume, mounted read-only where the location says
                final JsonNode mount = stream(main.path("volumeMounts").elements())
                        .filter(m -> file.getParent().toString().equals(m.path("mountPath").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError("nothing mounted at " + file.getParent()));
                assertThat(mount.path("readOnly").asBoolean()).as(location).isTrue();
                final JsonNode secret = stream(spec.path("volumes").elements())
                        .filter(v -> v.path("name").asText().equals(mount.path("name").asText())).findFirst()
                        .orElseThrow().path("secret");
                assertThat(stream(secret.path("items").elements()).map(item -> item.path("path").asText()))
                        .as(location).contains(file.getFileName().toString());
                assertThat(secret.path("defaultMode").asInt()).as("owner and group (fsGroup) may read, nobody else").isEqualTo(0440);
                assertThat(spec.path("securityContext").path("fsGroup").asText()).isEqualTo(DockerfileSpec.load().finalStage().user.split(":")[1]);
                // And its password comes from that same Secret
                assertThat(env(main, password).path("valueFrom").path("secretKeyRef").path("name").asText())
                        .as(password).isEqualTo(secret.path("secretName").asText()).isNotEmpty();
            });
        }
    }

    @Test
    void shouldRunIngestAsItsOwnKafkaPrincipalAndProtectQueriesWithARequiredToken() {
        // ingest's principal has WRITE on the input (acls.sh --for ingest); run's has not, so they cannot share one
        final JsonNode ingestJaas = env(containers(ingest).findFirst().orElseThrow(), "USER_OFFERS_SASL_JAAS_CONFIG");
        assertThat(ingestJaas.path("valueFrom").path("secretKeyRef").path("name").asText())
                .isNotEmpty().isNotEqualTo(env("USER_OFFERS_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef").path("name").asText());
        // queries are never open to the namespace by a missing Secret
        final JsonNode token = env("USER_OFFERS_OFFERS_HTTP_AUTH__TOKEN").path("valueFrom").path("secretKeyRef");
        assertThat(ConfigLoader.keyForEnv("USER_OFFERS_OFFERS_HTTP_AUTH__TOKEN")).isEqualTo(OffersConfig.HTTP_AUTH_TOKEN);
        assertThat(token.path("name").asText()).isNotEmpty();
        assertThat(token.path("optional").asBoolean(false)).isFalse();
    }

    @Test
    void shouldGiveEverySecretFromASecretAndNeverAsAValue() {
        Stream.of(statefulSet, ingest).flatMap(KubernetesManifestsTest::containers).forEach(c -> {
            assertThat(env(c, "USER_OFFERS_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef").path("key").asText())
                    .isEqualTo("sasl.jaas.config");
            stream(c.path("env").elements())
                    .filter(env -> env.path("name").asText().startsWith(ConfigLoader.ENV_PREFIX))
                    .filter(env -> Secrets.isSecret(ConfigLoader.keyForEnv(env.path("name").asText())))
                    .forEach(env -> {
                        assertThat(env.has("value")).as(env.path("name").asText()).isFalse();
                        assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText()).as(env.path("name").asText()).isNotEmpty();
                    });
        });
    }

    @Test
    void shouldLetIntoTheProcessorPodsOnlyTheirHttpPort() {
        final JsonNode policy = networkPolicyFor(statefulSet);

        assertThat(ports(policy.path("spec").path("ingress"))).containsExactly("TCP/8080");
        assertThat(namespacesFrom(policy.path("spec").path("ingress"))).contains("monitoring");
    }

    @Test
    void shouldLetTheProcessorPodsReachOnlyKafkaDnsAndEachOthersHttpPortForForwardedQueries() {
        final JsonNode egress = networkPolicyFor(statefulSet).path("spec").path("egress");

        assertThat(ports(egress)).containsExactlyInAnyOrderElementsOf(expectedEgress("TCP/8080"));
        final JsonNode toPeers = stream(egress.elements()).filter(rule -> ports(List.of(rule)).contains("TCP/8080")).findFirst().orElseThrow();
        assertThat(toPeers.path("to").get(0).path("podSelector").path("matchLabels"))
                .isEqualTo(pod.path("metadata").path("labels"));
        assertThat(namespacesFrom(egress)).contains(KAFKA_NAMESPACE);
    }

    @Test
    void shouldLetIntoTheIngestPodsOnlyGrpcAndTheirHttpPortAndLetThemReachOnlyKafkaAndDns() {
        final JsonNode policy = networkPolicyFor(ingest);

        assertThat(ports(policy.path("spec").path("ingress"))).containsExactlyInAnyOrder("TCP/9090", "TCP/8080");
        assertThat(ports(policy.path("spec").path("egress"))).containsExactlyInAnyOrderElementsOf(expectedEgress());
        assertThat(namespacesFrom(policy.path("spec").path("egress"))).contains(KAFKA_NAMESPACE);
    }

    /** The brokers' ports as bootstrap.servers names them, DNS over UDP and TCP, and {@code more}. */
    private List<String> expectedEgress(final String... more) {
        final Set<String> expected = new TreeSet<>(List.of("UDP/" + DNS, "TCP/" + DNS));
        for (final String server : configMap.path("USER_OFFERS_BOOTSTRAP_SERVERS").asText().split(",")) {
            assertThat(server).as("a broker of namespace " + KAFKA_NAMESPACE).contains("." + KAFKA_NAMESPACE + ".svc:");
            expected.add("TCP/" + server.substring(server.lastIndexOf(':') + 1));
        }
        expected.addAll(List.of(more));
        return List.copyOf(expected);
    }

    /** The one NetworkPolicy of this directory that selects the workload's pods, restricting both directions. */
    private static JsonNode networkPolicyFor(final JsonNode workload) {
        final JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
        final List<JsonNode> policies = manifests().filter(m -> m.path("kind").asText().equals("NetworkPolicy"))
                .filter(policy -> {
                    final JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
                    return selector.size() > 0 && stream(selector.fieldNames()).allMatch(label ->
                            labels.path(label).asText().equals(selector.path(label).asText()));
                }).toList();
        assertThat(policies).as("NetworkPolicies selecting " + labels).hasSize(1);
        assertThat(stream(policies.get(0).path("spec").path("policyTypes").elements()).map(JsonNode::asText))
                .containsExactlyInAnyOrder("Ingress", "Egress");
        return policies.get(0);
    }

    /** Every "PROTOCOL/port" the rules open; a rule without ports (all ports) fails the test. */
    private static Set<String> ports(final Iterable<JsonNode> rules) {
        final Set<String> ports = new TreeSet<>();
        for (final JsonNode rule : rules) {
            assertThat(rule.path("ports").size()).as("a rule open to every port: " + rule).isPositive();
            rule.path("ports").forEach(port -> ports.add(port.path("protocol").asText("TCP") + "/" + port.path("port").asText()));
        }
        return ports;
    }

    /** The namespaces named by the rules' peers ({@code kubernetes.io/metadata.name}). */
    private static Set<String> namespacesFrom(final JsonNode rules) {
        final Set<String> namespaces = new TreeSet<>();
        rules.forEach(rule -> Stream.concat(stream(rule.path("from").elements()), stream(rule.path("to").elements()))
                .map(peer -> peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name"))
                .filter(JsonNode::isTextual).forEach(name -> namespaces.add(name.asText())));
        return namespaces;
    }

    private static Stream<JsonNode> containers(final JsonNode workload) {
        final JsonNode spec = workload.path("spec").path("template").path("spec");
        return Stream.concat(stream(spec.path("initContainers").elements()), stream(spec.path("containers").elements()));
    }

    private static Stream<JsonNode> manifests() {
        return stream(read("kustomization.yaml").path("resources").elements()).map(file -> read(file.asText()));
    }

    private static JsonNode env(final JsonNode container, final String name) {
        return stream(container.path("env").elements()).filter(env -> env.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.path("name").asText() + " has no env " + name));
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
