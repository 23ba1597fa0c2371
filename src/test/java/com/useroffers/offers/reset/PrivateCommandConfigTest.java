package com.useroffers.offers.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The reset's client settings, which may hold a secret: owner-only while they exist, gone afterwards. */
class PrivateCommandConfigTest {

    @Test
    void shouldWriteTheSettingsOwnerOnlyInADirectoryOfTheirOwnAndDeleteBothOnClose() throws IOException {
        // Given settings holding a secret
        final Properties settings = new Properties();
        settings.setProperty("bootstrap.servers", "broker:9093");
        settings.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"offers\" password=\"s3cret\";");

        // When they are written
        final Path file;
        final Path dir;
        try (PrivateCommandConfig config = PrivateCommandConfig.write(settings)) {
            file = config.path();
            dir = file.getParent();

            // Then only the owner can read them, in a directory only the owner can list, and they read back the same
            assertThat(dir.getFileName().toString()).startsWith(PrivateCommandConfig.PREFIX);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.list(dir).toList()).containsExactly(file);
            final Properties read = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                read.load(in);
            }
            assertThat(read).isEqualTo(settings);
        }

        // And once closed, neither the file nor its directory is left
        assertThat(file).doesNotExist();
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldBeClosableTwice() {
        final PrivateCommandConfig config = PrivateCommandConfig.write(new Properties());

        config.close();
        config.close();

        assertThat(config.path()).doesNotExist();
    }
}
