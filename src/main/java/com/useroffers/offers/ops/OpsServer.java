package com.useroffers.offers.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.http.HttpReplies;
import com.useroffers.offers.query.Answer;
import com.useroffers.offers.query.Forwarder;
import com.useroffers.offers.query.UserPath;
import com.useroffers.offers.query.UserQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint, on the JDK's own HTTP server, at {@code offers.http.bind-address}:{@code
 * offers.http.port}:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the Kafka Streams client is alive, else 503;</li>
 *   <li>{@code GET /health/ready}: 200 while it is doing its share of the work, else 503
 *       (see {@link Health} for both rules);</li>
 *   <li>{@code GET /metrics}: every metric in the Prometheus text format ({@link OpsMetrics});</li>
 *   <li>{@code GET /users/{userId}/offers}: the user's state, from whichever instance is asked
 *       ({@link UserQueries}; the only path that may need a bearer token).</li>
 * </ul>
 * Health answers are small JSON objects, {@code {"status":"UP","state":"RUNNING"}}, with a
 * {@code reason} when there is one. {@code HEAD} works wherever {@code GET} does.
 *
 * <p>Start it right after creating the {@link KafkaStreams}, before {@code start()}: it registers the
 * client's global state restore listener ({@link RestoringPartitions}: Kafka Streams allows one, and
 * readiness needs it), which can only be set on a client not started yet. Close it after the client
 * has closed, so that probes keep answering while it closes:
 * <pre>{@code
 * try (OpsServer ops = OpsServer.start(config, streams)) {
 *     ... streams.start(), run, streams.close(timeout) ...
 * }
 * }</pre>
 */
public final class OpsServer implements AutoCloseable {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    public static final String METRICS = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String TEXT_TYPE = "text/plain; charset=utf-8";
    /**
     * Two handler threads for probes and scrapes, so that a slow scrape never delays a probe, plus one
     * per query {@link UserQueries} answers at once (it refuses more), so that queries never take them.
     */
    private static final int HANDLER_THREADS = 2 + UserQueries.MAX_CONCURRENT;

    /**
     * TCP_NODELAY on the endpoint's connections. The JDK server writes a response's headers and body as
     * two segments; without it, on a kept-alive connection the body waits for the client's delayed ACK
     * of the headers (Nagle's algorithm), which adds tens of milliseconds to every answer of a client that
     * reuses its connection, as the instances forwarding queries to each other do ({@code ./bench.sh --only
     * queries} measures the forwarded answers). The JDK server reads
     * this property once, when its first server is created; one set on the command line is left alone.
     */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService ticker;
    private final OpsMetrics metrics;
    private final Health health;
    private final UserQueries queries;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpsServer(final HttpServer server, final ExecutorService handlers, final ScheduledExecutorService ticker,
                      final OpsMetrics metrics, final Health health, final UserQueries queries) {
        this.server = server;
        this.handlers = handlers;
        this.ticker = ticker;
        this.metrics = metrics;
        this.health = health;
        this.queries = queries;
    }

    /**
     * Binds, registers the restore listener and the metrics, and starts answering.
     *
     * @throws ConfigException when the address cannot be bound (port in use, unknown bind address)
     * @throws IllegalStateException when the client has already been started
     */
    public static OpsServer start(final OffersConfig config, final KafkaStreams streams) {
        return start(config, streams, 0);
    }

    /**
     * {@link #start(OffersConfig, KafkaStreams)}, with the number of warnings of the start-up checks for
     * the metric {@code user_offers_startup_warnings}.
     */
    public static OpsServer start(final OffersConfig config, final KafkaStreams streams, final int startupWarnings) {
        final HttpServer server = bind(config.httpBindAddress(), config.httpPort());
        final ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, daemonThreads("offers-http"));
        final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("offers-ops-ticker"));
        try {
            final RestoringPartitions restoring = new RestoringPartitions();
            streams.setGlobalStateRestoreListener(restoring);
            final Health health = Health.of(streams, restoring);
            final String applicationId = config.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG, "");
            final OpsMetrics metrics = OpsMetrics.bind(streams, applicationId, startupWarnings, restoring);
            ticker.scheduleAtFixedRate(health::observe, 0, 1, TimeUnit.SECONDS);
            final UserQueries queries = UserQueries.create(config, streams,
                    partition -> restoring.isRestoring(changelog -> isTaskChangelog(changelog, applicationId, partition)),
                    metrics.registry());
            final OpsServer ops = new OpsServer(server, handlers, ticker, metrics, health, queries);
            server.createContext("/", ops::handle);
            server.setExecutor(handlers);
            server.start();
            LOG.info("Operations endpoint listening on http://{}:{} ({}, {}, {}, {}: {})",
                    config.httpBindAddress(), ops.port(), LIVE, READY, METRICS, UserPath.PREFIX + "{userId}" + UserPath.SUFFIX,
                    queries.describe());
            return ops;
        } catch (final RuntimeException e) {
            server.stop(0);
            handlers.shutdownNow();
            ticker.shutdownNow();
            throw e;
        }
    }

    /**
     * Whether {@code changelog} is a changelog partition of the task that holds {@code partition}'s state:
     * the application's changelogs ({@code <application.id>-<store>-changelog}) of that partition number,
     * the state store's and the dedup store's alike (the task runs only once both are restored).
     */
    static boolean isTaskChangelog(final TopicPartition changelog, final String applicationId, final int partition) {
        return changelog.partition() == partition && changelog.topic().startsWith(applicationId + "-")
                && changelog.topic().endsWith("-changelog");
    }

    /** The port actually bound: {@code offers.http.port}, or the one picked when that is 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops reading and exporting Kafka's own metrics (before Kafka Streams closes its stores). */
    public void stopKafkaMetrics() {
        metrics.stopKafkaMetrics();
    }

    /** Stops answering at once (a scrape in flight is cut off) and unregisters the metrics. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        handlers.shutdownNow();
        metrics.close();
        ticker.shutdownNow();
        LOG.info("Operations endpoint closed");
    }

    private static HttpServer bind(final String address, final int port) {
        final InetSocketAddress socket = new InetSocketAddress(address, port);
        if (socket.isUnresolved()) {
            throw new ConfigException(OffersConfig.HTTP_BIND_ADDRESS, address, "not an address of this host");
        }
        try {
            return HttpServer.create(socket, 0);
        } catch (final IOException e) {
            throw new ConfigException(OffersConfig.HTTP_PORT, port, "cannot listen on " + address + ":" + port
                    + " (" + e.getMessage() + ")");
        }
    }

    private void handle(final HttpExchange exchange) {
        try {
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, TEXT_TYPE, "method not allowed: " + method + "\n");
                return;
            }
            switch (path) {
                case LIVE -> respond(exchange, health.liveness());
                case READY -> respond(exchange, health.readiness());
                case METRICS -> respond(exchange, 200, OpsMetrics.CONTENT_TYPE, metrics.scrape());
                default -> {
                    final String rawPath = exchange.getRequestURI().getRawPath();
                    if (UserPath.isQuery(rawPath)) {
                        respond(exchange, queries.answer(rawPath, exchange.getRequestHeaders().getFirst("Authorization"),
                                exchange.getRequestHeaders().getFirst(Forwarder.FORWARDED_BY)));
                    } else {
                        respond(exchange, 404, TEXT_TYPE, "not found; try " + LIVE + ", " + READY + ", " + METRICS + " or "
                                + UserPath.PREFIX + "{userId}" + UserPath.SUFFIX + "\n");
                    }
                }
            }
        } catch (final IOException e) {
            LOG.debug("Could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        } catch (final RuntimeException e) {
            LOG.warn("Failed to answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                respond(exchange, 500, TEXT_TYPE, "internal error\n");
            } catch (final IOException | RuntimeException ignored) {
                // the response was already under way; closing the exchange below is all there is left to do
            }
        } finally {
            exchange.close();
        }
    }

    private static void respond(final HttpExchange exchange, final Health.Verdict verdict) throws IOException {
        final Map<String, String> body = new LinkedHashMap<>();
        body.put("status", verdict.up() ? "UP" : "DOWN");
        body.put("state", verdict.state().name());
        if (verdict.reason() != null) {
            body.put("reason", verdict.reason());
        }
        respond(exchange, verdict.httpStatus(), JSON_TYPE, json(body) + "\n");
    }

    /** A query's answer: its bytes as they are (a state is the state record's value, byte for byte). */
    private static void respond(final HttpExchange exchange, final Answer answer) throws IOException {
        if (answer.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(answer.retryAfterSeconds()));
        }
        if (answer.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"user-offers\"");
        }
        respond(exchange, answer.status(), Answer.CONTENT_TYPE, answer.body());
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
                                final String body) throws IOException {
        HttpReplies.send(exchange, status, contentType, body);
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
                                final byte[] bytes) throws IOException {
        HttpReplies.send(exchange, status, contentType, bytes);
    }

    private static String json(final Map<String, String> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory daemonThreads(final String prefix) {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
