package com.useroffers.offers.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.http.HttpReplies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest command's operations endpoint, at the same address and paths as {@code run}'s
 * ({@code offers.http.bind-address}:{@code offers.http.port}; {@code /health/live}, {@code /health/ready},
 * {@code /metrics}) and with the same answers' shape, so that probes and scrapers are configured alike.
 * Its own small class rather than {@code ops.OpsServer}, whose health rules are those of a Kafka Streams
 * client: here liveness and readiness come from {@link IngestHealth}.
 */
final class IngestHttp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHttp.class);

    private final HttpServer server;
    private final ExecutorService handlers;

    private IngestHttp(final HttpServer server, final ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** @throws ConfigException when the address cannot be bound (port in use, unknown bind address) */
    static IngestHttp start(final OffersConfig config, final IngestHealth health, final Supplier<String> metrics) {
        final InetSocketAddress address = new InetSocketAddress(config.httpBindAddress(), config.httpPort());
        if (address.isUnresolved()) {
            throw new ConfigException(OffersConfig.HTTP_BIND_ADDRESS, config.httpBindAddress(), "not an address of this host");
        }
        final HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (final IOException e) {
            throw new ConfigException(OffersConfig.HTTP_PORT, config.httpPort(), "cannot listen on "
                    + config.httpBindAddress() + ":" + config.httpPort() + " (" + e.getMessage() + ")");
        }
        final ExecutorService handlers = Executors.newFixedThreadPool(2, runnable -> {
            final Thread thread = new Thread(runnable, "offers-ingest-http");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", exchange -> handle(exchange, health, metrics));
        server.setExecutor(handlers);
        server.start();
        final IngestHttp http = new IngestHttp(server, handlers);
        LOG.info("Operations endpoint listening on http://{}:{} (/health/live, /health/ready, /metrics)",
                config.httpBindAddress(), http.port());
        return http;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private static void handle(final HttpExchange exchange, final IngestHealth health, final Supplier<String> metrics) {
        try (exchange) {
            final String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed: " + method + "\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/health/live" -> respond(exchange, health.liveness());
                case "/health/ready" -> respond(exchange, health.readiness());
                case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
                default -> respond(exchange, 404, "text/plain; charset=utf-8",
                        "not found; try /health/live, /health/ready or /metrics\n");
            }
        } catch (final IOException | RuntimeException e) {
            LOG.debug("Could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private static void respond(final HttpExchange exchange, final IngestHealth.Verdict verdict) throws IOException {
        respond(exchange, verdict.up() ? 200 : 503, "application/json", verdict.json() + "\n");
    }

    private static void respond(final HttpExchange exchange, final int status, final String type, final String body)
            throws IOException {
        HttpReplies.send(exchange, status, type, body);
    }
}
