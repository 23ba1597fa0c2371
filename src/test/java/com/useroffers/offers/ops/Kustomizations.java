package com.useroffers.offers.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.useroffers.offers.config.IngestConfig;
import com.useroffers.offers.config.OffersConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The kustomizations under {@code deploy/} and the objects their listed resource files hold: what
 * {@code kubectl kustomize DIR} renders, since none of them patches or transforms anything
 * ({@link KustomizeRenderTest} proves it for each).
 */
final class Kustomizations {

    static final Path DEPLOY = Path.of("deploy");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    static final Path JOBS = KUBERNETES.resolve("jobs");
    static final String FILE = "kustomization.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Kustomizations() {
    }

    /** Every directory under deploy/ with a kustomization.yaml, in path order. */
    static List<Path> all() {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(file -> file.getFileName().toString().equals(FILE)).map(Path::getParent).sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directories of the on-demand Jobs: deploy/kubernetes/jobs/NAME, one Job each. */
    static List<Path> jobDirectories() {
        return all().stream().filter(dir -> JOBS.equals(dir.getParent())).toList();
    }

    /** The resource files the kustomization of {@code dir} lists, as paths. */
    static List<Path> resources(final Path dir) {
        return stream(read(dir.resolve(FILE)).path("resources").elements()).map(name -> dir.resolve(name.asText())).toList();
    }

    /** The objects of the files the kustomization of {@code dir} lists, in their order. */
    static List<JsonNode> objects(final Path dir) {
        final List<JsonNode> objects = new ArrayList<>();
        resources(dir).forEach(file -> objects.addAll(documents(file)));
        return objects;
    }

    /** Every YAML document of {@code file} but empty ones. */
    static List<JsonNode> documents(final Path file) {
        try {
            return parse(Files.readString(file));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every YAML document of {@code text} but empty ones (a multi-document stream, as kustomize prints it). */
    static List<JsonNode> parse(final String text) throws IOException {
        final List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            values.forEachRemaining(document -> {
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            });
        }
        return documents;
    }

    static JsonNode read(final Path file) {
        final List<JsonNode> documents = documents(file);
        if (documents.size() != 1) {
            throw new AssertionError(file + " holds " + documents.size() + " documents, not one");
        }
        return documents.get(0);
    }

    /** {@code Kind/name}, how kubectl names an object. */
    static String id(final JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    static <T> Stream<T> stream(final Iterator<T> iterator) {
        final Iterable<T> iterable = () -> iterator;
        return StreamSupport.stream(iterable.spliterator(), false);
    }

    /** Every setting the application or a Kafka client it creates understands: what a manifest may set. */
    static Set<String> knownSettings() {
        final Set<String> known = new HashSet<>(OffersConfig.definition().names());
        known.addAll(IngestConfig.definition().names());
        known.addAll(StreamsConfig.configDef().names());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        return known;
    }
}
