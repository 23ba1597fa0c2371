package com.useroffers.offers.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Liveness and readiness of the ingest service, for {@code /health/*} and the standard gRPC health
 * service ({@code grpc.health.v1.Health}, service names {@code ""} and
 * {@code useroffers.ingest.v1.OfferIngest}), which always say the same.
 *
 * <p>Ready ({@code SERVING}) while the gRPC server is started, not stopping, and Kafka answers (checked
 * every few seconds; the producer was connected at start). Not ready while Kafka does not answer: a
 * request would only wait for {@code offers.ingest.delivery-timeout} and get {@code UNAVAILABLE}, and a
 * load balancer had better send it to an instance that can write. Live until the service has stopped:
 * a restart would not bring Kafka back.
 */
final class IngestHealth {

    static final String SERVICE = "useroffers.ingest.v1.OfferIngest";

    enum State { STARTING, SERVING, KAFKA_UNREACHABLE, STOPPING, STOPPED }

    private final HealthStatusManager grpc = new HealthStatusManager();
    private volatile State state = State.STARTING;
    private volatile String reason = "starting";

    HealthStatusManager grpc() {
        return grpc;
    }

    State state() {
        return state;
    }

    /** The server is listening. */
    void started() {
        set(State.SERVING, null);
    }

    /** What the periodic Kafka check found; ignored once stopping. */
    synchronized void kafkaAnswers(final boolean answers, final String why) {
        if (state == State.SERVING || state == State.KAFKA_UNREACHABLE) {
            set(answers ? State.SERVING : State.KAFKA_UNREACHABLE, answers ? null : why);
        }
    }

    synchronized void stopping() {
        set(State.STOPPING, "shutting down");
        grpc.enterTerminalState();
    }

    synchronized void stopped() {
        set(State.STOPPED, "stopped");
    }

    Verdict liveness() {
        final State current = state;
        return new Verdict(current != State.STOPPED, current, current == State.STOPPED ? reason : null);
    }

    Verdict readiness() {
        final State current = state;
        return new Verdict(current == State.SERVING, current, current == State.SERVING ? null : reason);
    }

    private synchronized void set(final State next, final String why) {
        if (state == State.STOPPING && next != State.STOPPED || state == State.STOPPED) {
            return;
        }
        state = next;
        reason = why;
        if (next != State.STOPPING && next != State.STOPPED) {
            final ServingStatus serving = next == State.SERVING ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
            grpc.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, serving);
            grpc.setStatus(SERVICE, serving);
        }
    }

    /** One answer, as {@code {"status":"UP","state":"SERVING"}} plus a {@code reason} when there is one. */
    record Verdict(boolean up, State state, String reason) {

        private static final JsonFactory JSON = new JsonFactory();

        String json() {
            final StringWriter out = new StringWriter();
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("status", up ? "UP" : "DOWN");
                json.writeStringField("state", state.name());
                if (reason != null) {
                    json.writeStringField("reason", reason);
                }
                json.writeEndObject();
            } catch (final IOException e) {
                throw new UncheckedIOException(e); // writing into memory: not expected
            }
            return out.toString();
        }
    }
}
