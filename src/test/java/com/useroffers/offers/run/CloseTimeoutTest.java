package com.useroffers.offers.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * A close lets a rebalance in progress complete first, which lasts until a crashed member's session
 * times out: the close timeout covers that (the broker side: {@code it/RebalanceShutdownIT}).
 */
class CloseTimeoutTest {

    @Test
    void shouldCoverKafkasDefaultSessionTimeoutPlusTheCloseItself() {
        // Given no session timeout set: Kafka's 45 s
        final Properties props = new Properties();

        // Then the close waits 45 s + 15 s
        assertThat(CloseTimeout.sessionTimeoutMs(props)).isEqualTo(45_000);
        assertThat(CloseTimeout.of(props)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldResolveTheSessionTimeoutAsKafkaStreamsDoesMostSpecificPrefixFirst() {
        final Properties props = new Properties();
        props.setProperty("session.timeout.ms", "20000");
        assertThat(CloseTimeout.of(props)).isEqualTo(Duration.ofSeconds(35));

        props.setProperty("consumer.session.timeout.ms", "25000");
        assertThat(CloseTimeout.of(props)).isEqualTo(Duration.ofSeconds(40));

        props.setProperty("main.consumer.session.timeout.ms", "50000");
        assertThat(CloseTimeout.of(props)).isEqualTo(Duration.ofSeconds(65));
    }

    @Test
    void shouldNeverGoBelowTheCloseTimeoutOfACloseWithoutRebalance() {
        final Properties props = new Properties();
        props.setProperty("consumer.session.timeout.ms", "6000");

        assertThat(CloseTimeout.of(props)).isEqualTo(CloseTimeout.MINIMUM);
    }

    @Test
    void shouldRefuseASessionTimeoutThatIsNotANumberAsABadSetting() {
        final Properties props = new Properties();
        props.setProperty("consumer.session.timeout.ms", "45s");

        assertThatThrownBy(() -> CloseTimeout.of(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("consumer.session.timeout.ms");
    }
}
