package com.useroffers.offers.ingest;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.IngestConfig;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.run.StartupChecks;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingest service: the producer, the gRPC server (ingest and health services), the
 * operations endpoint and the Kafka check behind readiness. {@link #start} refuses with a
 * {@link RunFailure} (or a {@link ConfigException} for a bad setting, a port in use included) before
 * anything listens; {@link #stop} is the graceful SIGTERM path: stop taking calls, let those in flight
 * finish within {@code offers.ingest.shutdown-timeout}, flush and close the producer.
 */
public final class IngestServer {

    /** How often readiness asks Kafka whether it answers. */
    static final Duration KAFKA_CHECK_INTERVAL = Duration.ofSeconds(5);
    /** Flushing what is still buffered after the calls are done; an acknowledged event is never in it. */
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

    private final IngestConfig settings;
    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final IngestMetrics metrics;
    private final IngestService service;
    private final IngestHealth health;
    private final ScheduledExecutorService ticker;
    private Server server;
    private IngestHttp http;

    private IngestServer(final OffersConfig config, final IngestConfig settings, final Producer<byte[], byte[]> producer,
                         final Admin admin) {
        this.settings = settings;
        this.producer = producer;
        this.admin = admin;
        this.metrics = new IngestMetrics();
        this.service = new IngestService(producer, config.inputTopic(), config.eventMaxBytes(), settings.maxInFlight(), metrics);
        this.metrics.bind(producer, service::inFlight);
        this.health = new IngestHealth();
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "offers-ingest-kafka-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks that a broker answers and the input topic exists, connects the producer, and starts
     * listening.
     *
     * @return the running service, or {@code null} when a stop was requested during start-up
     * @throws RunFailure no broker (5), refused credentials (6), missing ACL (7), missing input topic (8)
     * @throws ConfigException a bad setting, or a port that cannot be bound (2)
     */
    public static IngestServer start(final OffersConfig config, final IngestConfig settings, final ShutdownSignal signal) {
        final StartupChecks checks = new StartupChecks(ClientSettings.admin(config, "user-offers-ingest-check"),
                config.startupTimeout(), signal).forCommand(AclCommand.INGEST, AclPlan.Names.of(config));
        if (!checks.verify(Map.of("input", config.inputTopic())) || signal.isRequested()) {
            return null;
        }
        final Producer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(config, settings));
        IngestServer ingest = null;
        try {
            connect(producer, config.inputTopic(), settings.deliveryTimeout());
            ingest = new IngestServer(config, settings, producer, Admin.create(ClientSettings.admin(config, "user-offers-ingest-health")));
            ingest.listen(config);
            return ingest;
        } catch (final RuntimeException e) {
            if (ingest != null) {
                ingest.closeAll();
            } else {
                producer.close(Duration.ZERO);
            }
            throw e;
        }
    }

    /**
     * The producer's settings: those of every command ({@link ClientSettings#producer}: idempotent,
     * {@code acks=all}), with {@code offers.ingest.delivery-timeout} as the most a send may block and wait,
     * and a short linger (5 ms, unless set) since each unary call waits for its batch.
     */
    static Map<String, Object> producerSettings(final OffersConfig config, final IngestConfig settings) {
        final Map<String, Object> props = ClientSettings.producer(config, "user-offers-ingest");
        final Map<String, Object> given = config.originals();
        if (!given.containsKey(ProducerConfig.LINGER_MS_CONFIG) && !given.containsKey("producer." + ProducerConfig.LINGER_MS_CONFIG)) {
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        }
        final long delivery = settings.deliveryTimeout().toMillis();
        final long linger = Long.parseLong(String.valueOf(props.get(ProducerConfig.LINGER_MS_CONFIG)).strip());
        final Object requestTimeout = props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        final long request = requestTimeout == null ? 30_000 : Long.parseLong(String.valueOf(requestTimeout).strip());
        // The producer refuses delivery.timeout.ms < linger.ms + request.timeout.ms.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, Math.min(request, delivery - linger)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
        return props;
    }

    /** The producer fetches the topic's metadata: a broker answers it, with these credentials. */
    private static void connect(final Producer<byte[], byte[]> producer, final String topic, final Duration timeout) {
        try {
            producer.partitionsFor(topic);
        } catch (final KafkaException e) {
            throw new RunFailure(ExitCodes.forFault(e, ExitCodes.NO_BROKER), "the producer could not fetch the metadata of '"
                    + topic + "' within " + timeout + " (" + Causes.rootMessage(e) + ")", e);
        }
    }

    private void listen(final OffersConfig config) {
        final String bind = settings.bindAddress();
        final InetSocketAddress address = new InetSocketAddress(bind, settings.port());
        if (address.isUnresolved()) {
            throw new ConfigException(IngestConfig.BIND_ADDRESS, bind, "not an address of this host");
        }
        ServerServiceDefinition ingest = service.bindService();
        if (settings.authToken() != null) {
            ingest = ServerInterceptors.intercept(ingest, new TokenInterceptor(settings.authToken(), metrics));
        }
        try {
            server = NettyServerBuilder.forAddress(address, credentials(settings))
                    .addService(ingest)
                    .addService(health.grpc().getHealthService())
                    .build()
                    .start();
        } catch (final IOException e) {
            throw new ConfigException(IngestConfig.PORT, settings.port(), "cannot listen on " + bind + ":" + settings.port()
                    + " (" + Causes.rootMessage(e) + ")");
        }
        LOG.info("gRPC ingest listening on port {} ({}, {})", port(), settings.tlsCertFile() == null ? "plaintext" : "TLS",
                settings.authToken() == null ? "no token required" : "bearer token required");
        http = IngestHttp.start(config, health, metrics::scrape);
        health.started();
        ticker.scheduleWithFixedDelay(this::checkKafka, KAFKA_CHECK_INTERVAL.toMillis(), KAFKA_CHECK_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Plaintext, or TLS from the PEM files of {@code offers.ingest.tls.*}; unreadable files are a bad setting. */
    static ServerCredentials credentials(final IngestConfig settings) {
        if (settings.tlsCertFile() == null) {
            return InsecureServerCredentials.create();
        }
        try {
            return TlsServerCredentials.create(settings.tlsCertFile().toFile(), settings.tlsKeyFile().toFile());
        } catch (final IOException | RuntimeException e) {
            throw new ConfigException(IngestConfig.TLS_CERT_FILE, settings.tlsCertFile().toString(),
                    "cannot read the PEM certificate and key (" + Causes.rootMessage(e) + ")");
        }
    }

    private void checkKafka() {
        final int timeoutMs = (int) KAFKA_CHECK_INTERVAL.toMillis();
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId()
                    .get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
            health.kafkaAnswers(true, null);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final Exception e) {
            if (health.state() == IngestHealth.State.SERVING) {
                LOG.warn("Kafka does not answer ({}): not ready until it does", Causes.rootMessage(e));
            }
            health.kafkaAnswers(false, "Kafka does not answer: " + Causes.rootMessage(e));
        }
    }

    /** The gRPC port actually bound ({@code offers.ingest.port}, or the one picked for 0). */
    public int port() {
        return server.getPort();
    }

    /** The operations endpoint's port. */
    public int httpPort() {
        return http.port();
    }

    /**
     * The graceful stop: not ready, no new calls, streams refuse further events, calls in flight finish
     * (each waits for its acknowledgement) within {@code offers.ingest.shutdown-timeout}, then the
     * producer is flushed and closed.
     *
     * @return {@link ExitCodes#OK}
     */
    public int stop(final String reason) {
        LOG.info("{} received: stopping the gRPC ingest service (calls in flight get up to {})", reason,
                settings.shutdownTimeout());
        health.stopping();
        service.stopAccepting();
        server.shutdown();
        try {
            if (!server.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Calls still in flight after {} are cancelled; their clients retry (nothing they were told"
                        + " was written is lost)", settings.shutdownTimeout());
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        closeAll();
        LOG.info("Stopped cleanly");
        return ExitCodes.OK;
    }

    private void closeAll() {
        ticker.shutdownNow();
        if (server != null) {
            server.shutdownNow();
        }
        producer.close(PRODUCER_CLOSE_TIMEOUT);
        admin.close(Duration.ZERO);
        health.stopped();
        if (http != null) {
            http.close();
        }
        metrics.close();
    }
}
