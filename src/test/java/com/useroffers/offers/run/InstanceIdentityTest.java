package com.useroffers.offers.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.RunFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group.instance.id an instance gets when none is given: stable across its restarts, its own. */
class InstanceIdentityTest {

    @TempDir
    Path dir;

    private OffersConfig config(final Path stateDir, final Map<String, String> more) {
        final Map<String, String> settings = new HashMap<>(Map.of("application.id", "offers", "state.dir", stateDir.toString()));
        settings.putAll(more);
        return ConfigLoader.loadConfig(null, Map.of(), settings);
    }

    private static String instanceId(final OffersConfig config) {
        return config.streamsProperties().getProperty("group.instance.id");
    }

    @Test
    void shouldKeepTheSameIdentityAcrossRestartsOnTheSameStateDirectory() {
        final String first = instanceId(InstanceIdentity.assign(config(dir, Map.of())));
        final String second = instanceId(InstanceIdentity.assign(config(dir, Map.of())));

        assertThat(first).startsWith("offers-").isEqualTo(second);
        assertThat(dir.resolve("offers").resolve(InstanceIdentity.FILE)).isRegularFile();
    }

    @Test
    void shouldGiveInstancesWithTheirOwnStateDirectoriesTheirOwnIdentities() {
        final String a = instanceId(InstanceIdentity.assign(config(dir.resolve("a"), Map.of())));
        final String b = instanceId(InstanceIdentity.assign(config(dir.resolve("b"), Map.of())));

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void shouldKeepAnIdentityGivenUnderAnyOfItsNamesAndWriteNothing() {
        for (final String key : new String[] {"group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id"}) {
            final OffersConfig given = config(dir, Map.of(key, "pod-0"));

            assertThat(InstanceIdentity.assign(given)).isSameAs(given);
        }
        assertThat(dir.resolve("offers")).doesNotExist();
    }

    @Test
    void shouldTakeANewIdentityWhenTheKeptOneIsUnreadable() throws IOException {
        Files.createDirectories(dir.resolve("offers"));
        Files.writeString(dir.resolve("offers").resolve(InstanceIdentity.FILE), "half-writ");

        final String id = instanceId(InstanceIdentity.assign(config(dir, Map.of())));

        assertThat(id).matches("offers-[0-9a-f-]{36}");
        assertThat(instanceId(InstanceIdentity.assign(config(dir, Map.of())))).isEqualTo(id);
    }

    @Test
    void shouldFailWithOneLineNamingTheFileWhenTheStateDirectoryCannotHoldIt() throws IOException {
        final Path notADirectory = Files.writeString(dir.resolve("state"), "a file");

        assertThatThrownBy(() -> InstanceIdentity.assign(config(notADirectory, Map.of())))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining(InstanceIdentity.FILE)
                .hasMessageContaining("state.dir");
    }
}
