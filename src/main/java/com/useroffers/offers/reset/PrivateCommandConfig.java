package com.useroffers.offers.reset;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Client settings for Kafka's {@code StreamsResetter}, in a file only this user can read. They may hold
 * secrets (e.g. {@code sasl.jaas.config} from the environment), and in Kafka 4.3.1 the resetter's admin
 * client reads its settings only from {@code --command-config} (the {@code Properties} that
 * {@code execute(args, config)} takes reach its consumer, not its admin client), so a file there must
 * be. It lives in a directory of its own (rwx------, the file rw-------, both created so, never
 * widened later) and is deleted on {@link #close()}, or by a shutdown hook if the JVM exits first.
 */
final class PrivateCommandConfig implements AutoCloseable {

    /** Also the prefix of the directory's name, so that a leftover is easy to recognise. */
    static final String PREFIX = "user-offers-reset-";

    private final Path dir;
    private final Path file;
    private final Thread cleanup;

    private PrivateCommandConfig(final Path dir, final Path file) {
        this.dir = dir;
        this.file = file;
        this.cleanup = new Thread(this::delete, "user-offers-reset-cleanup");
    }

    /** Writes {@code props} into a new private directory under {@code java.io.tmpdir}. */
    static PrivateCommandConfig write(final Properties props) {
        final Path dir;
        try {
            dir = Files.createTempDirectory(PREFIX, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a private temporary directory for the reset's client settings", e);
        }
        final PrivateCommandConfig config = new PrivateCommandConfig(dir, dir.resolve("command-config.properties"));
        Runtime.getRuntime().addShutdownHook(config.cleanup);
        try {
            Files.createFile(config.file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream stream = Files.newOutputStream(config.file)) {
                props.store(stream, "user-offers-streams reset: client settings, deleted when reset ends");
            }
            return config;
        } catch (final IOException | RuntimeException e) {
            config.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot write the reset's client settings", io)
                    : (RuntimeException) e;
        }
    }

    Path path() {
        return file;
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (final IllegalStateException shuttingDown) {
            // the hook runs, or has run, anyway
        }
    }

    private void delete() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (final IOException e) {
            // Said on stderr, not swallowed: a file holding a secret must not stay unnoticed.
            System.err.println("user-offers-streams: cannot delete " + file + " (" + e.getMessage() + "); delete it by hand");
        }
    }
}
