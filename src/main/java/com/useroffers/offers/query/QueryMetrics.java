package com.useroffers.offers.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The queries' metric: one timer, {@code user_offers_queries_seconds} in Prometheus (a histogram:
 * {@code _bucket}, {@code _count}, {@code _sum}), by
 * <ul>
 *   <li>{@code status}: the HTTP status answered (200, 400, 401, 404, 503, ...);</li>
 *   <li>{@code route}: {@code local} (asked here, answered here: from the local store, or refused),
 *       {@code forwarded} (asked here, forwarded to the owner, its answer relayed: the latency
 *       includes the hop) or {@code peer} (answered here for another instance that forwarded it).</li>
 * </ul>
 * Clients' queries over all instances are {@code local} plus {@code forwarded}; {@code peer} counts
 * the same forwarded queries again, on the owner's side.
 */
public final class QueryMetrics {

    public static final String NAME = "user.offers.queries";

    /** Where an answer came from. */
    public enum Route {
        LOCAL, FORWARDED, PEER;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public QueryMetrics(final MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(final int status, final Route route, final long nanos) {
        // Micrometer caches a meter by name and tags: looking it up again is a map lookup.
        Timer.builder(NAME)
                .description("Queries of a user's state (GET /users/{userId}/offers) and how long they took to answer,"
                        + " by HTTP status and route: local, forwarded (to the owner) or peer (answered for another instance)")
                .tag("status", Integer.toString(status))
                .tag("route", route.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }
}
