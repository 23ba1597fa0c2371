package com.useroffers.offers.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window stores' local state left by a run that did not stop cleanly is deleted before Kafka Streams
 * opens it, under exactly-once only; the rest is left for Kafka Streams to judge; a clean stop keeps all.
 */
class UncleanStopStateTest {

    @TempDir
    Path stateDir;
    private Path appDir;

    @BeforeEach
    void givenTheStateOfTwoTasksAndAProcessId() throws IOException {
        appDir = stateDir.resolve("offers-app");
        Files.createDirectories(appDir.resolve("0_0/rocksdb/offers-state-store"));
        Files.writeString(appDir.resolve("0_0/rocksdb/offers-state-store/000001.sst"), "data");
        Files.createDirectories(appDir.resolve("0_0/offers-dedup-store/offers-dedup-store.1795651200000"));
        Files.createDirectories(appDir.resolve("0_3/offers-dedup-store/offers-dedup-store.1795651200000"));
        Files.writeString(appDir.resolve("kafka-streams-process-metadata"), "{\"processId\":\"p\"}");
    }

    @Test
    void shouldDeleteTheWindowStoresWhenTheLastRunDidNotStopCleanlyUnderExactlyOnce() {
        final int wiped = UncleanStopState.wipeIfUncleanlyStopped(props("exactly_once_v2"));

        assertThat(wiped).isEqualTo(2);
        assertThat(appDir.resolve("0_0/offers-dedup-store")).doesNotExist();
        assertThat(appDir.resolve("0_3/offers-dedup-store")).doesNotExist();
    }

    @Test
    void shouldLeaveTheKeyValueStoresForKafkaStreamsToFindDirtyAndHandOverToAWarmStandby() {
        UncleanStopState.wipeIfUncleanlyStopped(props("exactly_once_v2"));

        assertThat(appDir.resolve("0_0/rocksdb/offers-state-store/000001.sst")).exists();
    }

    @Test
    void shouldKeepTheProcessIdSoThatTheRestartedInstanceKeepsItsTransactionalIds() {
        UncleanStopState.wipeIfUncleanlyStopped(props("exactly_once_v2"));

        assertThat(appDir.resolve("kafka-streams-process-metadata")).hasContent("{\"processId\":\"p\"}");
    }

    @Test
    void shouldKeepTheStateAfterACleanStop() {
        UncleanStopState.recordCleanStop(props("exactly_once_v2"));

        final int wiped = UncleanStopState.wipeIfUncleanlyStopped(props("exactly_once_v2"));

        assertThat(wiped).isZero();
        assertThat(appDir.resolve("0_0/offers-dedup-store")).exists();
    }

    @Test
    void shouldForgetTheCleanStopAtStartSoThatACrashOfThisRunIsNoticed() {
        UncleanStopState.recordCleanStop(props("exactly_once_v2"));
        UncleanStopState.wipeIfUncleanlyStopped(props("exactly_once_v2"));

        // the run started above is then killed: no clean stop recorded
        final int wiped = UncleanStopState.wipeIfUncleanlyStopped(props("exactly_once_v2"));

        assertThat(wiped).isEqualTo(2);
    }

    @Test
    void shouldDeleteNothingUnderAtLeastOnce() {
        final int wiped = UncleanStopState.wipeIfUncleanlyStopped(props("at_least_once"));

        assertThat(wiped).isZero();
        assertThat(appDir.resolve("0_0/offers-dedup-store")).exists();
    }

    @Test
    void shouldDoNothingOnAFirstStart() {
        final Properties props = props("exactly_once_v2");
        props.put("application.id", "never-ran");

        assertThat(UncleanStopState.wipeIfUncleanlyStopped(props)).isZero();
        assertThat(stateDir.resolve("never-ran")).doesNotExist();
    }

    private Properties props(final String guarantee) {
        final Properties props = new Properties();
        props.put("application.id", "offers-app");
        props.put("state.dir", stateDir.toString());
        props.put("processing.guarantee", guarantee);
        return props;
    }
}
