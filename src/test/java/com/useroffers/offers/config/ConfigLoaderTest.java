package com.useroffers.offers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final String KEY = "application.id";

    @TempDir
    Path dir;

    @Test
    void shouldApplyBuiltInDefaultsWhenNothingElseIsGiven() {
        final Map<String, String> settings = ConfigLoader.load(null, Map.of(), Map.of());

        assertThat(settings)
                .containsEntry(KEY, "user-offers-processor")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("ensure.explicit.internal.resource.naming", "true");
    }

    @Test
    void shouldRunWithProductionDefaultsWhenOnlyABootstrapServerIsGiven() {
        final Properties streams = ConfigLoader.loadConfig(null, Map.of(), Map.of("bootstrap.servers", "broker:9092"))
                .streamsProperties();

        assertThat(streams)
                .containsEntry("processing.guarantee", "exactly_once_v2")
                // a crash restores only what was not committed, and queries read committed state
                .containsEntry("enable.transactional.statestores", "true")
                .containsEntry("default.interactive.query.isolation.level", "READ_COMMITTED")
                // an eighth of the default 256 MiB RocksDB budget for the uncommitted writes
                .containsEntry("statestore.uncommitted.max.bytes", Long.toString(32L * 1024 * 1024))
                // a crashed member is declared dead after 6 s, and its standbys take over
                .containsEntry("session.timeout.ms", "6000")
                .containsEntry("heartbeat.interval.ms", "2000")
                .containsEntry("num.standby.replicas", "1")
                .containsEntry("commit.interval.ms", "100")
                .containsEntry("producer.batch.size", "262144")
                // derived per instance at start (InstanceIdentity), never a shared default
                .doesNotContainKey("group.instance.id");
    }

    @Test
    void shouldRefuseSettingsThatContradictEachOtherAsABadSetting() {
        assertThatThrownBy(() -> ConfigLoader.loadConfig(null, Map.of(), Map.of("commit.interval.ms", "20000",
                "producer.transaction.timeout.ms", "10000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("commit.interval.ms");
    }

    @Test
    void shouldApplyTheContractsOffersDefaultsWhenNothingElseIsGiven() {
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(), Map.of());

        assertThat(config.getString(OffersConfig.INPUT_TOPIC)).isEqualTo("user-offers");
        assertThat(config.getString(OffersConfig.STATE_TOPIC)).isEqualTo("user-offer-state");
        assertThat(config.getString(OffersConfig.DLQ_TOPIC)).isEqualTo("user-offers-dlq");
        assertThat(config.getBoolean(OffersConfig.INPUT_KEYED_BY_USER)).isTrue();
        assertThat(config.getString(OffersConfig.DEDUP_RETENTION)).isEqualTo("P7D");
        assertThat(config.getInt(OffersConfig.EVENT_MAX_BYTES)).isEqualTo(65536);
    }

    @Test
    void shouldLetTheFileOverrideBuiltInDefaults() throws IOException {
        final Path file = file(KEY + "=from-file");

        assertThat(ConfigLoader.load(file, Map.of(), Map.of())).containsEntry(KEY, "from-file");
    }

    @Test
    void shouldLetEnvironmentVariablesOverrideTheFile() throws IOException {
        final Path file = file(KEY + "=from-file");

        assertThat(ConfigLoader.load(file, Map.of("USER_OFFERS_APPLICATION_ID", "from-env"), Map.of()))
                .containsEntry(KEY, "from-env");
    }

    @Test
    void shouldLetPropertiesOverrideEnvironmentVariables() throws IOException {
        final Path file = file(KEY + "=from-file");

        assertThat(ConfigLoader.load(file, Map.of("USER_OFFERS_APPLICATION_ID", "from-env"), Map.of(KEY, "from-property")))
                .containsEntry(KEY, "from-property");
    }

    @Test
    void shouldKeepEachLayersOwnKeysWhenLayersAreMerged() throws IOException {
        final Path file = file("from.file=1");

        final Map<String, String> settings = ConfigLoader.load(file, Map.of("USER_OFFERS_FROM_ENV", "2"), Map.of("from.property", "3"));

        assertThat(settings)
                .containsEntry(KEY, "user-offers-processor") // built-in default, untouched
                .containsEntry("from.file", "1")
                .containsEntry("from.env", "2")
                .containsEntry("from.property", "3");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "USER_OFFERS_BOOTSTRAP_SERVERS, bootstrap.servers",
        "USER_OFFERS_OFFERS_INPUT_KEYED__BY__USER, offers.input.keyed-by-user",
        "USER_OFFERS_SASL_JAAS_CONFIG, sasl.jaas.config",
        "USER_OFFERS_MY___CUSTOM___KEY, my_custom_key",
        "USER_OFFERS_PRODUCER_SSL_KEY_PASSWORD, producer.ssl.key.password"})
    void shouldMapEnvironmentVariableNamesToSettings(final String name, final String key) {
        assertThat(ConfigLoader.keyForEnv(name)).isEqualTo(key);
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource({
        "USER_OFFERS_BOOTSTRAP_SERVERS, bootstrap.servers",
        "USER_OFFERS_OFFERS_HTTP_AUTH__TOKEN, offers.http.auth-token",
        "USER_OFFERS_SASL_JAAS_CONFIG, sasl.jaas.config",
        "USER_OFFERS_MY___CUSTOM___KEY, my_custom_key",
        "USER_OFFERS_PRODUCER_SSL_KEY_PASSWORD, producer.ssl.key.password"})
    void shouldNameTheEnvironmentVariableThatSetsASetting(final String name, final String key) {
        assertThat(ConfigLoader.envForKey(key)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper.case", "with space", "a._b", ""})
    void shouldNameNoEnvironmentVariableForAKeyNoVariableCanSet(final String key) {
        assertThat(ConfigLoader.envForKey(key)).isNull();
    }

    @Test
    void shouldApplyMappedEnvironmentVariablesAsTypedSettings() {
        final OffersConfig config = ConfigLoader.loadConfig(null,
                Map.of("USER_OFFERS_OFFERS_INPUT_KEYED__BY__USER", "false", "USER_OFFERS_OFFERS_DLQ_TOPIC", "dead-letters"), Map.of());

        assertThat(config.inputKeyedByUser()).isFalse();
        assertThat(config.dlqTopic()).isEqualTo("dead-letters");
    }

    @Test
    void shouldIgnoreEnvironmentVariablesWithoutThePrefix() {
        final Map<String, String> settings = ConfigLoader.load(null,
                Map.of("PATH", "/usr/bin", "BOOTSTRAP_SERVERS", "elsewhere:9092", "USER_OFFERS_", "nothing"), Map.of());

        assertThat(settings).doesNotContainKeys("path", "PATH", "")
                .containsEntry("bootstrap.servers", ConfigLoader.DEFAULTS.get("bootstrap.servers"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "offers.dedup.retention, banana",
        "offers.dedup.retention, -P1D",
        "offers.dedup.retention, P1M",
        "offers.state.max-offers, 0",
        "offers.state.max-offers, many",
        "offers.event.max-bytes, -1",
        "offers.event.max-bytes, lots",
        "offers.input.keyed-by-user, maybe",
        "offers.http.auth-token, ''",
        "offers.http.auth-token, with space",
        "processing.guarantee, exactly_twice"})
    void shouldRefuseABadSettingNamingItsKey(final String key, final String value) {
        assertThatThrownBy(() -> ConfigLoader.loadConfig(null, Map.of(), Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void shouldRefuseAMissingConfigFileNamingIt() {
        final Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> ConfigLoader.loadConfig(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    private Path file(final String content) throws IOException {
        return Files.writeString(dir.resolve("test.properties"), content + "\n");
    }

    @Test
    void shouldLetTheProducerAndEveryInternalTopicTakeTheLargestDeadLetter() {
        // When nothing is configured
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(), Map.of());

        // Then the input's 1 MiB plus 64 KiB for a dead letter's headers fits both
        final Map<String, Object> producer = new StreamsConfig(config.streamsProperties()).getProducerConfigs("p");
        assertThat(producer).containsEntry("max.request.size", "1114112");
        assertThat(new StreamsConfig(config.streamsProperties()).originalsWithPrefix("topic."))
                .containsEntry("max.message.bytes", "1114112");
    }
}
