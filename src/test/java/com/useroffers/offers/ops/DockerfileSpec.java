package com.useroffers.offers.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's {@code Dockerfile}, read the way Docker reads it, for the instructions the tests need.
 * Strict on purpose: a form it does not understand (a shell-form ENTRYPOINT, CMD or HEALTHCHECK, an ENV
 * line with several variables) fails the parse, rather than being guessed at.
 */
final class DockerfileSpec {

    static final Path FILE = Path.of("Dockerfile");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INSTRUCTION = Pattern.compile("([A-Za-z]+)\\s+(.*)", Pattern.DOTALL);
    private static final Pattern ENV = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");
    private static final Pattern FROM = Pattern.compile("(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
    /** {@code name[:tag][@sha256:<64 hex>]}: the digest, when there is one, is what Docker pulls; the tag is for readers. */
    private static final Pattern IMAGE = Pattern.compile("([^@\\s]+)(?:@(sha256:[0-9a-f]{64}))?");
    private static final Pattern OPTION = Pattern.compile("--([a-z-]+)=(\\S+)");

    /** One {@code FROM} section. */
    static final class Stage {
        /** {@code name:tag}, without the digest. */
        String image;
        /** {@code sha256:<64 hex>}, or {@code null} for an image given by tag only. */
        String digest;
        String name;
        String workdir = "/";
        String user;
        final List<String> runs = new ArrayList<>();
        final Map<String, String> env = new LinkedHashMap<>();
        final List<Copy> copies = new ArrayList<>();
        final List<String> volumes = new ArrayList<>();
        final List<String> exposed = new ArrayList<>();
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        Map<String, String> healthcheckOptions = Map.of();
        List<String> healthcheck = List.of();

        /** Where an image path comes from: {@code dest} of a COPY, mapped back to its source. */
        Copy copyTo(final String imagePath) {
            return copies.stream().filter(copy -> copy.dest().equals(imagePath)).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing is copied to " + imagePath));
        }
    }

    /** {@code COPY [--from=stage] [--chown=...] src dest}. */
    record Copy(String fromStage, String src, String dest) {
    }

    private final List<Stage> stages = new ArrayList<>();

    private DockerfileSpec() {
    }

    static DockerfileSpec load() {
        try {
            return parse(Files.readString(FILE));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DockerfileSpec parse(final String text) {
        final DockerfileSpec spec = new DockerfileSpec();
        for (final String instruction : instructions(text)) {
            final Matcher matcher = INSTRUCTION.matcher(instruction);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not an instruction: " + instruction);
            }
            spec.apply(matcher.group(1).toUpperCase(Locale.ROOT), matcher.group(2).strip());
        }
        return spec;
    }

    List<Stage> stages() {
        return stages;
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Stage stage(final String name) {
        return stages.stream().filter(stage -> name.equals(stage.name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name));
    }

    /** Logical lines: comments and blank lines dropped, backslash continuations joined. */
    private static List<String> instructions(final String text) {
        final List<String> instructions = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (final String line : text.split("\n", -1)) {
            final String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            if (current.length() > 0) {
                instructions.add(current.toString().strip());
            }
            current.setLength(0);
        }
        if (current.length() > 0) {
            throw new IllegalArgumentException("the Dockerfile ends inside a continued line");
        }
        return instructions;
    }

    private void apply(final String keyword, final String args) {
        if (keyword.equals("FROM")) {
            final Matcher from = FROM.matcher(args);
            if (!from.matches()) {
                throw new IllegalArgumentException("FROM " + args);
            }
            final Matcher image = IMAGE.matcher(from.group(1));
            if (!image.matches()) {
                throw new IllegalArgumentException("FROM image not understood: " + from.group(1));
            }
            final Stage stage = new Stage();
            stage.image = image.group(1);
            stage.digest = image.group(2);
            stage.name = from.group(2);
            stages.add(stage);
            return;
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException(keyword + " before FROM");
        }
        final Stage stage = finalStage();
        switch (keyword) {
            case "RUN" -> stage.runs.add(args);
            case "WORKDIR" -> stage.workdir = args;
            case "USER" -> stage.user = args;
            case "ENV" -> {
                final Matcher env = ENV.matcher(args);
                if (!env.matches()) {
                    throw new IllegalArgumentException("only 'ENV NAME=value' (one, unquoted) is understood: " + args);
                }
                stage.env.put(env.group(1), env.group(2));
            }
            case "COPY" -> stage.copies.add(copy(args));
            case "VOLUME" -> stage.volumes.addAll(execForm(keyword, args));
            case "EXPOSE" -> stage.exposed.addAll(List.of(args.split("\\s+")));
            case "ENTRYPOINT" -> stage.entrypoint = execForm(keyword, args);
            case "CMD" -> stage.cmd = execForm(keyword, args);
            case "HEALTHCHECK" -> healthcheck(stage, args);
            default -> throw new IllegalArgumentException("instruction not understood by this reader: " + keyword);
        }
    }

    private static Copy copy(final String args) {
        final List<String> words = new ArrayList<>(List.of(args.split("\\s+")));
        String from = null;
        while (!words.isEmpty() && words.get(0).startsWith("--")) {
            final Matcher option = OPTION.matcher(words.remove(0));
            if (!option.matches()) {
                throw new IllegalArgumentException("COPY " + args);
            }
            if (option.group(1).equals("from")) {
                from = option.group(2);
            }
        }
        if (words.size() != 2) {
            throw new IllegalArgumentException("only 'COPY [options] src dest' is understood: COPY " + args);
        }
        return new Copy(from, words.get(0), words.get(1));
    }

    private static void healthcheck(final Stage stage, final String args) {
        final Map<String, String> options = new LinkedHashMap<>();
        String rest = args;
        Matcher option = OPTION.matcher(rest);
        while (option.lookingAt()) {
            options.put(option.group(1), option.group(2));
            rest = rest.substring(option.end()).stripLeading();
            option = OPTION.matcher(rest);
        }
        if (!rest.startsWith("CMD ")) {
            throw new IllegalArgumentException("HEALTHCHECK without CMD: " + args);
        }
        stage.healthcheckOptions = options;
        stage.healthcheck = execForm("HEALTHCHECK CMD", rest.substring(4).strip());
    }

    private static List<String> execForm(final String keyword, final String args) {
        if (!args.startsWith("[")) {
            throw new IllegalArgumentException(keyword + " is not in exec (JSON array) form: " + args);
        }
        try {
            return JSON.readValue(args, new TypeReference<List<String>>() { });
        } catch (final IOException e) {
            throw new IllegalArgumentException(keyword + " is not a JSON array of strings: " + args, e);
        }
    }
}
