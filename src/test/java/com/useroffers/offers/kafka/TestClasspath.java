package com.useroffers.offers.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Maven test classpath, written by the dependency plugin to {@code target/test-classpath.txt}:
 * child JVMs (brokers) run from it. Failsafe passes the path as {@code offers.test.classpath}.
 */
public final class TestClasspath {

    private TestClasspath() {
    }

    public static String dependencies() {
        final Path file = Path.of(System.getProperty("offers.test.classpath", "target/test-classpath.txt"));
        try {
            return Files.readString(file).trim();
        } catch (final IOException e) {
            throw new UncheckedIOException("no " + file + ": run 'mvn test-compile' first", e);
        }
    }

    /** The application's fat jar, built by {@code mvn package}. */
    public static Path applicationJar() {
        final Path jar = Path.of(System.getProperty("offers.jar", "target/user-offers-streams.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run 'mvn package' first");
        }
        return jar;
    }
}
