package com.useroffers.offers.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.config.EffectiveConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"offers\" password=\"jaas-pw-from-env\";";

    @ParameterizedTest
    @ValueSource(strings = {"sasl.jaas.config", "ssl.keystore.password", "producer.ssl.key.password",
        "ssl.truststore.password", "ssl.keystore.key", "admin.sasl.jaas.config", "my.api.secret", OffersConfig.HTTP_AUTH_TOKEN})
    void shouldTreatAsSecret(final String key) {
        assertThat(Secrets.isSecret(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap.servers", "application.id", "security.protocol", "sasl.mechanism", "offers.input.topic"})
    void shouldNotTreatAsSecret(final String key) {
        assertThat(Secrets.isSecret(key)).isFalse();
    }

    @Test
    void shouldMaskSecretValuesOnly() {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", "broker-1:9093");
        settings.put("sasl.jaas.config", JAAS);
        settings.put("ssl.keystore.password", "ks-pw");
        settings.put("producer.ssl.key.password", "key-pw");
        settings.put("my.api.secret", "api-secret");

        assertThat(Secrets.masked(settings))
                .containsEntry("bootstrap.servers", "broker-1:9093")
                .containsEntry("sasl.jaas.config", Secrets.MASK)
                .containsEntry("ssl.keystore.password", Secrets.MASK)
                .containsEntry("producer.ssl.key.password", Secrets.MASK)
                .containsEntry("my.api.secret", Secrets.MASK);
    }

    @Test
    void shouldKeepTheQueryTokenForTheEndpointWhileMaskingIt() {
        // When
        final OffersConfig config = ConfigLoader.loadConfig(null, Map.of(), Map.of(OffersConfig.HTTP_AUTH_TOKEN, "t0ken"));

        // Then
        assertThat(config.httpAuthToken()).isEqualTo("t0ken");
        assertThat(EffectiveConfig.describe(config)).doesNotContain("t0ken");
        assertThat(ConfigLoader.loadConfig(null, Map.of(), Map.of()).httpAuthToken()).as("unset: queries are open").isNull();
    }

    @Test
    void shouldLogTheEffectiveConfigurationWithoutAnySecretGivenThroughTheEnvironment() {
        // Given secrets the way a container gets them: environment variables
        final Map<String, String> env = Map.of(
                "USER_OFFERS_BOOTSTRAP_SERVERS", "broker-1:9093",
                "USER_OFFERS_SECURITY_PROTOCOL", "SASL_SSL",
                "USER_OFFERS_SASL_MECHANISM", "PLAIN",
                "USER_OFFERS_SASL_JAAS_CONFIG", JAAS,
                "USER_OFFERS_SSL_KEYSTORE_PASSWORD", "ks-pw-from-env",
                "USER_OFFERS_PRODUCER_SSL_KEY_PASSWORD", "key-pw-from-env",
                "USER_OFFERS_MY_API_SECRET", "api-secret-from-env",
                "USER_OFFERS_OFFERS_HTTP_AUTH__TOKEN", "query-token-from-env");
        final OffersConfig config = ConfigLoader.loadConfig(Path.of("config/streams.properties"), env, Map.of());

        // When the run command describes it for the log
        final String logged = EffectiveConfig.describe(config);

        // Then every secret is masked, and the rest is there to read
        assertThat(logged)
                .doesNotContain("jaas-pw-from-env", "ks-pw-from-env", "key-pw-from-env", "api-secret-from-env", "PlainLoginModule",
                        "query-token-from-env")
                .contains("sasl.jaas.config = " + Secrets.MASK)
                .contains("ssl.keystore.password = " + Secrets.MASK)
                .contains("producer.ssl.key.password = " + Secrets.MASK)
                .contains("my.api.secret = " + Secrets.MASK)
                .contains(OffersConfig.HTTP_AUTH_TOKEN + " = " + Secrets.MASK)
                .contains("bootstrap.servers = broker-1:9093")
                .contains("offers.dedup.retention = P7D");
    }

    @Test
    void shouldUseButNeverLogSecretsGivenOnTheCommandLine() {
        // Given secrets given with --property (which draws a warning, but works)
        final Map<String, String> properties = Map.of(
                "sasl.jaas.config", JAAS,
                "ssl.keystore.password", "ks-pw-on-cmdline",
                OffersConfig.HTTP_AUTH_TOKEN, "query-token-on-cmdline");

        // When
        final OffersConfig config = ConfigLoader.loadConfig(Path.of("config/streams.properties"), Map.of(), properties);

        // Then the clients get them, and the log does not
        assertThat(config.streamsProperties()).containsEntry("sasl.jaas.config", JAAS);
        assertThat(config.httpAuthToken()).isEqualTo("query-token-on-cmdline");
        assertThat(EffectiveConfig.describe(config))
                .doesNotContain("jaas-pw-from-env", "PlainLoginModule", "ks-pw-on-cmdline", "query-token-on-cmdline")
                .contains("sasl.jaas.config = " + Secrets.MASK, "ssl.keystore.password = " + Secrets.MASK);
    }

    @Test
    void shouldRedactEverySecretValueInATextTheLongestFirst() {
        assertThat(Secrets.redact("pw pw-2 and pw-2-long, not p", List.of("pw", "pw-2-long", "pw-2", " ", "")))
                .isEqualTo("[hidden] [hidden] and [hidden], not p");
    }
}
