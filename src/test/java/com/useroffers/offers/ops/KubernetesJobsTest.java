package com.useroffers.offers.ops;

import static com.useroffers.offers.ops.Kustomizations.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.useroffers.offers.Main;
import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.Secrets;
import com.useroffers.offers.security.AclCommand;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The on-demand Jobs of the Kubernetes example (deploy/kubernetes/jobs/NAME, one kustomization each):
 * none in the default kustomization; each runs once, as the image's user, with the image of the
 * StatefulSet, a command and options the jar accepts, and its own Kafka principal from its own Secret;
 * the acls Job grants each command exactly to the principal whose Secret the manifest running that
 * command reads. {@link KustomizeRenderTest} proves that kustomize renders exactly these files.
 */
class KubernetesJobsTest {

    /** The workloads of {@code kubectl apply -k deploy/kubernetes} and the on-demand Jobs, each with its containers. */
    private static final List<JsonNode> BASE = Kustomizations.objects(Kustomizations.KUBERNETES);
    private static final Map<Path, JsonNode> JOBS = jobs();
    private static final JsonNode STATEFUL_SET = only(BASE, "StatefulSet");
    private static final JsonNode CONFIG_MAP = only(BASE, "ConfigMap").path("data");
    private static final String JAAS = "USER_OFFERS_SASL_JAAS_CONFIG";
    /** Kubernetes' {@code $(VAR)} in args: the value of the container's variable VAR. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    /** An option line of a script's usage: two spaces, the option, at most one value word, two or more spaces. */
    private static final Pattern USAGE_OPTION = Pattern.compile("^  (--[a-z-]+)( \\S+)?(?: {2,}.*)?$");

    @Test
    void shouldKeepEveryJobOutOfTheDefaultKustomizationAndGiveEachItsOwn() throws IOException {
        assertThat(BASE).noneSatisfy(object -> assertThat(object.path("kind").asText()).isEqualTo("Job"));
        assertThat(JOBS.keySet()).map(dir -> dir.getFileName().toString())
                .containsExactlyInAnyOrder("topics", "acls", "reset", "redrive");
        for (final Path dir : JOBS.keySet()) {
            final List<JsonNode> objects = Kustomizations.objects(dir);
            assertThat(objects).as(dir.toString()).hasSize(1);
            assertThat(objects.get(0).path("kind").asText()).isEqualTo("Job");
            assertThat(objects.get(0).path("metadata").path("name").asText()).isEqualTo("user-offers-" + dir.getFileName());
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(Kustomizations.resources(dir)).as("every file of " + dir + " is listed")
                        .containsExactlyInAnyOrderElementsOf(files.filter(f -> !f.getFileName().toString().equals(Kustomizations.FILE)).toList());
            }
        }
    }

    @Test
    void shouldRunEachJobOnceWithoutRetryWithinADeadlineAndCleanUpAfterIt() {
        JOBS.forEach((dir, job) -> {
            final JsonNode spec = job.path("spec");
            assertThat(spec.path("backoffLimit").isInt()).as(dir + ": backoffLimit").isTrue();
            assertThat(spec.path("backoffLimit").asInt()).as(dir + ": backoffLimit").isBetween(0, 1);
            assertThat(spec.path("activeDeadlineSeconds").asInt()).as(dir + ": activeDeadlineSeconds").isPositive();
            assertThat(spec.path("ttlSecondsAfterFinished").asInt()).as(dir + ": ttlSecondsAfterFinished").isPositive();
            assertThat(spec.path("suspend").asBoolean(false)).as(dir + ": runs when created").isFalse();
            assertThat(podSpec(job).path("restartPolicy").asText()).as(dir + ": restartPolicy").isEqualTo("Never");
        });
    }

    @Test
    void shouldRunAsTheImagesUserWithTheStatefulSetsImageAndNoPrivilege() {
        final String[] user = DockerfileSpec.load().finalStage().user.split(":");
        final String image = containers(STATEFUL_SET).findFirst().orElseThrow().path("image").asText();
        JOBS.forEach((dir, job) -> {
            final JsonNode pod = podSpec(job);
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(dir + ": service account token").isFalse();
            final JsonNode security = pod.path("securityContext");
            assertThat(security.path("runAsNonRoot").asBoolean()).as(dir.toString()).isTrue();
            assertThat(security.path("runAsUser").asText()).as(dir.toString()).isEqualTo(user[0]);
            assertThat(security.path("runAsGroup").asText()).as(dir.toString()).isEqualTo(user[1]);
            assertThat(security.path("fsGroup").asText()).as(dir.toString()).isEqualTo(user[1]);
            assertThat(security.path("seccompProfile").path("type").asText()).as(dir.toString()).isEqualTo("RuntimeDefault");
            containers(job).forEach(c -> {
                final String name = dir + ": " + c.path("name").asText();
                assertThat(c.path("image").asText()).as(name).isEqualTo(image);
                assertThat(c.has("command")).as(name + " keeps the image's ENTRYPOINT (java ... -jar)").isFalse();
                assertThat(c.path("terminationMessagePolicy").asText()).as(name).isEqualTo("FallbackToLogsOnError");
                final JsonNode containerSecurity = c.path("securityContext");
                assertThat(containerSecurity.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
                assertThat(containerSecurity.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
                assertThat(stream(containerSecurity.path("capabilities").path("drop").elements()).map(JsonNode::asText)).as(name).containsExactly("ALL");
                final JsonNode resources = c.path("resources");
                for (final String kind : List.of("requests", "limits")) {
                    assertThat(resources.path(kind).path("cpu").asText()).as(name + " " + kind + ".cpu").isNotEmpty();
                    assertThat(resources.path(kind).path("memory").asText()).as(name + " " + kind + ".memory").isNotEmpty();
                }
                assertThat(resources.path("requests").path("memory")).as(name + ": memory request = limit").isEqualTo(resources.path("limits").path("memory"));
                assertThat(mountPaths(c)).as(name + ": a writable /tmp").contains("/tmp");
            });
        });
    }

    @Test
    void shouldTakeTheSettingsFromTheConfigMapAndTheStoresFromTheKafkaTlsSecretAsRunDoes() {
        final Set<String> stores = new TreeSet<>(List.of(
                Path.of(CONFIG_MAP.path("USER_OFFERS_SSL_TRUSTSTORE_LOCATION").asText()).getParent().toString(),
                Path.of(CONFIG_MAP.path("USER_OFFERS_SSL_KEYSTORE_LOCATION").asText()).getParent().toString()));
        final String configMapName = only(BASE, "ConfigMap").path("metadata").path("name").asText();
        JOBS.forEach((dir, job) -> containers(job).forEach(c -> {
            final String name = dir + ": " + c.path("name").asText();
            assertThat(stream(c.path("envFrom").elements()).map(from -> from.path("configMapRef").path("name").asText()))
                    .as(name).containsExactly(configMapName);
            for (final String store : stores) {
                final JsonNode mount = stream(c.path("volumeMounts").elements()).filter(m -> m.path("mountPath").asText().equals(store))
                        .findFirst().orElseThrow(() -> new AssertionError(name + ": nothing mounted at " + store));
                assertThat(mount.path("readOnly").asBoolean()).as(name).isTrue();
                final JsonNode secret = volume(job, mount.path("name").asText()).path("secret");
                assertThat(secret.path("defaultMode").asInt()).as(name).isEqualTo(0440);
                for (final String password : List.of("USER_OFFERS_SSL_TRUSTSTORE_PASSWORD", "USER_OFFERS_SSL_KEYSTORE_PASSWORD")) {
                    assertThat(env(c, password).path("valueFrom").path("secretKeyRef").path("name").asText()).as(name + " " + password)
                            .isEqualTo(secret.path("secretName").asText());
                }
            }
        }));
    }

    @Test
    void shouldGiveEverySecretFromASecretAndNeverAsAValueNorInAnyArgument() {
        final List<JsonNode> all = new ArrayList<>(BASE);
        all.addAll(JOBS.values());
        assertThat(all).noneSatisfy(object -> assertThat(object.path("kind").asText()).isEqualTo("Secret"));
        all.stream().flatMap(KubernetesJobsTest::containers).forEach(c -> {
            final String name = c.path("name").asText();
            stream(c.path("env").elements())
                    .filter(env -> env.path("name").asText().startsWith(ConfigLoader.ENV_PREFIX))
                    .filter(env -> Secrets.isSecret(ConfigLoader.keyForEnv(env.path("name").asText())))
                    .forEach(env -> {
                        assertThat(env.has("value")).as(name + " " + env.path("name").asText()).isFalse();
                        assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText()).as(name + " " + env.path("name").asText()).isNotEmpty();
                    });
            stream(c.path("args").elements()).map(JsonNode::asText).forEach(arg -> assertThat(arg).as(name + ": an argument")
                    .doesNotContainIgnoringCase("password").doesNotContain("LoginModule").doesNotContain("--command-config"));
            assertThat(stream(c.path("args").elements()).map(JsonNode::asText)).as(name + ": no setting on the command line")
                    .doesNotContain("--property");
        });
        JOBS.values().stream().flatMap(job -> stream(podSpec(job).path("volumes").elements())).filter(v -> v.has("secret"))
                .forEach(v -> assertThat(v.path("secret").path("secretName").asText()).isEqualTo("user-offers-kafka-tls"));
    }

    @Test
    void shouldOnlySetSettingsThatExist() {
        final Set<String> known = Kustomizations.knownSettings();
        JOBS.values().stream().flatMap(KubernetesJobsTest::containers).flatMap(c -> stream(c.path("env").elements()))
                .map(env -> env.path("name").asText()).filter(name -> name.startsWith(ConfigLoader.ENV_PREFIX))
                .forEach(name -> assertThat(known).as("%s stands for %s", name, ConfigLoader.keyForEnv(name)).contains(ConfigLoader.keyForEnv(name)));
    }

    @Test
    void shouldPassOnlyCommandsAndOptionsTheJarAccepts() {
        final Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
        JOBS.forEach((dir, job) -> containers(job).forEach(c -> {
            final String name = dir + ": " + c.path("name").asText();
            final List<String> args = expandedArgs(c);
            final String command = args.get(0);
            assertThat(command).as(name + ": the command is the Job's").isEqualTo(dir.getFileName().toString());
            assertThat(commands).as(name + ": a command of the jar").containsKey(command);
            // The jar's own parser: an unknown option, a missing value or a bad one (an unknown --reason) throws
            final CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(parsed.subcommand().commandSpec().name()).as(name).isEqualTo(command);
        }));
    }

    @Test
    void shouldRunEachJobAsItsOwnPrincipalAndNeverAsRunsOrIngests() {
        final Map<String, String> secretByJob = new TreeMap<>();
        JOBS.forEach((dir, job) -> {
            final Set<String> secrets = new TreeSet<>();
            containers(job).forEach(c -> secrets.add(jaasSecret(c)));
            assertThat(secrets).as(dir + ": one principal for all its containers").hasSize(1);
            secretByJob.put(dir.getFileName().toString(), secrets.iterator().next());
        });
        final Set<String> workloadSecrets = new TreeSet<>();
        BASE.stream().flatMap(KubernetesJobsTest::containers).forEach(c -> workloadSecrets.add(jaasSecret(c)));
        assertThat(workloadSecrets).as("run's and ingest's").hasSize(2);
        assertThat(new HashSet<>(secretByJob.values())).as("each Job's own Secret: " + secretByJob).hasSize(JOBS.size())
                .doesNotContainAnyElementsOf(workloadSecrets);
    }

    @Test
    void shouldGrantEachCommandExactlyToThePrincipalWhoseSecretItsManifestReads() {
        // Given the command each manifest runs (the StatefulSet: the image's CMD) and the Secret of its principal
        final Map<String, Set<String>> secretsByCommand = new TreeMap<>();
        final List<JsonNode> workloads = new ArrayList<>(BASE);
        workloads.addAll(JOBS.values());
        workloads.stream().flatMap(KubernetesJobsTest::containers).forEach(c -> {
            final String command = c.has("args") ? c.path("args").get(0).asText() : DockerfileSpec.load().finalStage().cmd.get(0);
            secretsByCommand.computeIfAbsent(command, k -> new TreeSet<>()).add(jaasSecret(c));
        });
        final Set<String> adminSecrets = secretsByCommand.remove("acls");
        assertThat(secretsByCommand.keySet()).containsExactlyInAnyOrder("run", "ingest", "topics", "reset", "redrive");

        // When the acls Job grants
        final Map<String, String> principalByCommand = new TreeMap<>();
        containers(job("acls")).forEach(c -> {
            final List<String> args = expandedArgs(c);
            assertThat(args).as(c.path("name").asText() + ": creates, not a dry run").doesNotContain("--dry-run");
            final String command = value(args, "--for");
            assertThat(AclCommand.named(command)).as("--for " + command).isNotNull();
            assertThat(c.path("name").asText()).isEqualTo("acls-for-" + command);
            assertThat(principalByCommand.put(command, value(args, "--principal"))).as("--for " + command + " once").isNull();
            assertThat(value(args, "--input-topic")).isEqualTo(CONFIG_MAP.path("USER_OFFERS_OFFERS_INPUT_TOPIC").asText());
            assertThat(value(args, "--state-topic")).isEqualTo(CONFIG_MAP.path("USER_OFFERS_OFFERS_STATE_TOPIC").asText());
            assertThat(value(args, "--dlq-topic")).isEqualTo(CONFIG_MAP.path("USER_OFFERS_OFFERS_DLQ_TOPIC").asText());
            assertThat(value(args, "--input-keyed-by-user")).isEqualTo(CONFIG_MAP.path("USER_OFFERS_OFFERS_INPUT_KEYED__BY__USER").asText());
        });

        // Then each command that runs gets its ACLs, for the Kafka user of its Secret (<user>-kafka), and nothing else does
        assertThat(principalByCommand.keySet()).isEqualTo(secretsByCommand.keySet());
        principalByCommand.forEach((command, principal) -> {
            assertThat(principal).as("--for " + command).startsWith("User:");
            assertThat(secretsByCommand.get(command)).as("the Secret of " + command + "'s principal " + principal)
                    .containsExactly(principal.substring("User:".length()) + "-kafka");
        });
        // And the admin's Secret is read by the acls Job only
        assertThat(adminSecrets).hasSize(1);
        secretsByCommand.values().forEach(secrets -> assertThat(secrets).doesNotContainAnyElementsOf(adminSecrets));
    }

    @Test
    void shouldResetOnlyWithTheStatefulSetScaledToZeroAndWithAWritableEmptyStateDirectory() throws IOException {
        final Path dir = Kustomizations.JOBS.resolve("reset");
        final String scaleDown = "kubectl scale statefulset " + STATEFUL_SET.path("metadata").path("name").asText() + " --replicas=0";
        assertThat(Files.readString(dir.resolve("job.yaml")).replaceAll("\\s*\\n#\\s*", " ")).as("reset's job.yaml says").contains(scaleDown);
        assertThat(Files.readString(Path.of("docs/OPERATIONS.md")).replaceAll("\\s*\\n\\s*", " ")).as("OPERATIONS says").contains(scaleDown);
        final JsonNode c = containers(job("reset")).findFirst().orElseThrow();
        final String stateDir = shippedSettings().getProperty(StreamsConfig.STATE_DIR_CONFIG);
        final JsonNode mount = stream(c.path("volumeMounts").elements()).filter(m -> m.path("mountPath").asText().equals(stateDir))
                .findFirst().orElseThrow(() -> new AssertionError("reset: nothing mounted at state.dir " + stateDir));
        assertThat(mount.path("readOnly").asBoolean(false)).isFalse();
        assertThat(volume(job("reset"), mount.path("name").asText()).has("emptyDir")).as("not a StatefulSet's volume").isTrue();
    }

    @Test
    void shouldRedriveOnlyADryRunAsShipped() {
        assertThat(expandedArgs(containers(job("redrive")).findFirst().orElseThrow())).contains("--dry-run");
    }

    @Test
    void shouldLetNothingIntoTheJobPodsAndLetThemReachOnlyKafkaAndDns() {
        final JsonNode policy = BASE.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy"))
                .filter(o -> JOBS.values().stream().allMatch(job -> selects(o, job))).findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy of deploy/kubernetes selects every Job's pods"));
        assertThat(stream(policy.path("spec").path("policyTypes").elements()).map(JsonNode::asText)).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.path("spec").path("ingress").size()).as("no ingress rule").isZero();
        final Set<String> ports = new TreeSet<>();
        policy.path("spec").path("egress").forEach(rule -> {
            assertThat(rule.path("ports").size()).as("a rule open to every port: " + rule).isPositive();
            rule.path("ports").forEach(port -> ports.add(port.path("protocol").asText("TCP") + "/" + port.path("port").asText()));
        });
        final Set<String> expected = new TreeSet<>(List.of("UDP/53", "TCP/53"));
        for (final String server : CONFIG_MAP.path("USER_OFFERS_BOOTSTRAP_SERVERS").asText().split(",")) {
            expected.add("TCP/" + server.substring(server.lastIndexOf(':') + 1));
        }
        assertThat(ports).isEqualTo(expected);
        BASE.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy")).filter(o -> o != policy)
                .forEach(other -> JOBS.values().forEach(job -> assertThat(selects(other, job)).as("only one policy selects the Jobs").isFalse()));
    }

    /** Each option of {@code args} is one of the script's (or --config/--property, every command's), with a value where the script takes one. */

    /** The options a script's usage lists, and whether each takes a value. */
    private static Map<String, Boolean> scriptOptions(final Path script) {
        final Map<String, Boolean> options = new LinkedHashMap<>();
        try {
            for (final String line : Files.readAllLines(script)) {
                final Matcher m = USAGE_OPTION.matcher(line);
                if (m.matches() && !m.group(1).equals("--help")) {
                    options.put(m.group(1), m.group(2) != null);
                }
            }
        } catch (final IOException e) {
            throw new AssertionError("cannot read " + script, e);
        }
        assertThat(options).as("options of " + script).hasSizeGreaterThan(5);
        return options;
    }

    /** The args as the container gets them: each {@code $(VAR)} replaced by the value of its ConfigMap or env variable, which must exist. */
    private static List<String> expandedArgs(final JsonNode c) {
        final List<String> args = new ArrayList<>();
        stream(c.path("args").elements()).map(JsonNode::asText).forEach(arg -> {
            final Matcher m = VARIABLE.matcher(arg);
            final StringBuilder out = new StringBuilder();
            while (m.find()) {
                final String variable = m.group(1);
                final JsonNode value = stream(c.path("env").elements()).filter(env -> env.path("name").asText().equals(variable))
                        .map(env -> env.path("value")).filter(JsonNode::isTextual).findFirst().orElse(CONFIG_MAP.path(variable));
                assertThat(value.isTextual()).as(c.path("name").asText() + ": $(" + variable + ") is a variable of the container").isTrue();
                m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
            }
            m.appendTail(out);
            args.add(out.toString());
        });
        assertThat(args).as(c.path("name").asText() + ": args").isNotEmpty();
        return args;
    }

    private static String value(final List<String> args, final String option) {
        final int at = args.indexOf(option);
        assertThat(at).as(option + " in " + args).isNotNegative().isLessThan(args.size() - 1);
        return args.get(at + 1);
    }

    private static String jaasSecret(final JsonNode c) {
        final JsonNode ref = env(c, JAAS).path("valueFrom").path("secretKeyRef");
        assertThat(ref.path("key").asText()).as(c.path("name").asText()).isEqualTo("sasl.jaas.config");
        assertThat(ref.path("optional").asBoolean(false)).as(c.path("name").asText() + ": its principal's Secret is required").isFalse();
        return ref.path("name").asText();
    }

    private static boolean selects(final JsonNode policy, final JsonNode workload) {
        final JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
        final JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
        return selector.size() > 0 && stream(selector.fieldNames()).allMatch(label -> labels.path(label).asText().equals(selector.path(label).asText()));
    }

    private static JsonNode env(final JsonNode c, final String name) {
        return stream(c.path("env").elements()).filter(env -> env.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.path("name").asText() + " has no env " + name));
    }

    private static JsonNode volume(final JsonNode workload, final String name) {
        return stream(podSpec(workload).path("volumes").elements()).filter(v -> v.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Set<String> mountPaths(final JsonNode c) {
        final Set<String> paths = new TreeSet<>();
        c.path("volumeMounts").forEach(m -> paths.add(m.path("mountPath").asText()));
        return paths;
    }

    private static JsonNode podSpec(final JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    private static Stream<JsonNode> containers(final JsonNode workload) {
        final JsonNode spec = podSpec(workload);
        return Stream.concat(stream(spec.path("initContainers").elements()), stream(spec.path("containers").elements()));
    }

    private static JsonNode job(final String name) {
        return JOBS.get(Kustomizations.JOBS.resolve(name));
    }

    private static JsonNode only(final List<JsonNode> objects, final String kind) {
        final List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static Map<Path, JsonNode> jobs() {
        final Map<Path, JsonNode> jobs = new TreeMap<>();
        Kustomizations.jobDirectories().forEach(dir -> {
            final List<JsonNode> objects = Kustomizations.objects(dir);
            objects.stream().filter(o -> o.path("kind").asText().equals("Job")).forEach(job -> jobs.put(dir, job));
        });
        return jobs;
    }

    private static Properties shippedSettings() throws IOException {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(OpsServerTest.SHIPPED_CONFIG, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
