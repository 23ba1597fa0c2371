package com.useroffers.offers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.useroffers.offers.config.IngestConfig;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.testing.TlsTesting;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code offers.ingest.tls.cert-file} and {@code key-file}: a server that speaks TLS only, from PEM files. */
class TlsTest {

    /** The name in grpc-java's test server certificate. */
    private static final String AUTHORITY = "foo.test.google.fr";

    private final IngestHealth health = new IngestHealth();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void shouldServeTlsClientsAndRefusePlaintextOnes(@TempDir final Path dir) throws IOException {
        // Given: a server with a certificate signed by a CA the client trusts
        final IngestConfig settings = new IngestConfig(Map.of(
                IngestConfig.TLS_CERT_FILE, copy("server1.pem", dir).toString(),
                IngestConfig.TLS_KEY_FILE, copy("server1.key", dir).toString()));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), IngestServer.credentials(settings))
                .addService(health.grpc().getHealthService()).build().start();
        health.started();
        final ManagedChannel tls;
        try (InputStream ca = TlsTesting.loadCert("ca.pem")) {
            tls = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(),
                    TlsChannelCredentials.newBuilder().trustManager(ca).build()).overrideAuthority(AUTHORITY).build();
        }
        final ManagedChannel plaintext = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(),
                InsecureChannelCredentials.create()).build();
        try {
            // When
            final HealthCheckResponse answer = check(tls);
            final StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> check(plaintext));

            // Then
            assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            tls.shutdownNow();
            plaintext.shutdownNow();
        }
    }

    @Test
    void shouldRefuseAMissingCertificateAsABadSetting(@TempDir final Path dir) {
        // Given
        final IngestConfig settings = new IngestConfig(Map.of(
                IngestConfig.TLS_CERT_FILE, dir.resolve("none.pem").toString(),
                IngestConfig.TLS_KEY_FILE, dir.resolve("none.key").toString()));

        // Then: exit 2, naming the setting
        assertThatThrownBy(() -> IngestServer.credentials(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(IngestConfig.TLS_CERT_FILE).hasMessageContaining("cannot read the PEM certificate and key");
    }

    @Test
    void shouldRefuseACertificateWithoutItsKey() {
        assertThatThrownBy(() -> new IngestConfig(Map.of(IngestConfig.TLS_CERT_FILE, "/etc/server.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TLS needs both");
    }

    private static HealthCheckResponse check(final ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(IngestHealth.SERVICE).build());
    }

    private static Path copy(final String resource, final Path dir) throws IOException {
        final Path file = dir.resolve(resource);
        try (InputStream in = TlsTesting.loadCert(resource)) {
            Files.copy(in, file);
        }
        return file;
    }
}
