package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every kustomization under {@code deploy/} renders with {@code kubectl kustomize}, into exactly the
 * objects of the files it lists, unchanged: so what {@link KubernetesManifestsTest} and
 * {@link KubernetesJobsTest} check in those files is what {@code kubectl apply -k} / {@code create -k}
 * sends. {@code .ci/run} installs kubectl (Debian's kubernetes-client) when it is missing, so in CI
 * ({@code CI=true}) a missing kubectl fails this test; elsewhere it is skipped with one line saying so.
 */
class KustomizeRenderTest {

    private static final String NO_KUBECTL = "kubectl is not on PATH: the kustomize render checks need it "
            + "(apt-get install kubernetes-client, as .ci/run does)";

    @Test
    void shouldRenderEachKustomizationIntoExactlyTheObjectsOfItsFiles() throws Exception {
        final Path kubectl = kubectl();
        for (final Path dir : Kustomizations.all()) {
            final List<JsonNode> rendered = Kustomizations.parse(render(kubectl, dir));
            final Map<String, JsonNode> expected = byId(Kustomizations.objects(dir));
            assertThat(byId(rendered).keySet()).as("objects of kubectl kustomize " + dir).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (final JsonNode object : rendered) {
                assertThat(object).as(dir + ": " + Kustomizations.id(object) + " as rendered").isEqualTo(expected.get(Kustomizations.id(object)));
            }
        }
    }

    @Test
    void shouldRenderTheApplicationTheJobsAndTheAlerts() {
        assertThat(Kustomizations.all()).map(Path::toString).contains("deploy/kubernetes", "deploy/prometheus",
                "deploy/kubernetes/jobs/topics", "deploy/kubernetes/jobs/acls", "deploy/kubernetes/jobs/reset",
                "deploy/kubernetes/jobs/redrive");
    }

    /** kubectl on PATH; without it, in CI a failure, elsewhere a skip, each with one line naming the fix. */
    private static Path kubectl() {
        final Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (found == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(NO_KUBECTL);
            }
            System.err.println("KustomizeRenderTest skipped: " + NO_KUBECTL);
            Assumptions.abort(NO_KUBECTL);
        }
        return found;
    }

    private static String render(final Path kubectl, final Path dir) throws IOException, InterruptedException {
        final Path out = Files.createTempFile("kustomize", ".yaml");
        final Path err = Files.createTempFile("kustomize", ".err");
        try {
            final Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " took longer than 60 s");
            }
            assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, Files.readString(err, StandardCharsets.UTF_8).strip()).isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Map<String, JsonNode> byId(final List<JsonNode> objects) {
        final Map<String, JsonNode> byId = new LinkedHashMap<>();
        objects.forEach(object -> assertThat(byId.put(Kustomizations.id(object), object)).as("twice: " + Kustomizations.id(object)).isNull());
        return byId;
    }
}
