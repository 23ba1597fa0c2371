package com.useroffers.offers.domain;

import static com.useroffers.offers.fixtures.Events.assigned;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fingerprint is of the normalized event: encodings of one event agree, any field change differs. */
class FingerprintTest {

    private static final EventReader READER = new EventReader(65536);
    private static final Events.Event EVENT = assigned("e-1", "u-1", "SPRING25", "2026-11-20T08:00:00Z").expiresAt("2026-12-31T23:59:59Z");

    private static byte[] fingerprint(final String json) {
        return Fingerprint.of(READER.read(json.getBytes(StandardCharsets.UTF_8)).event());
    }

    @Test
    void shouldGiveEveryEncodingOfOneEventTheSameFingerprint() {
        final byte[] reference = fingerprint(EVENT.json());
        assertThat(reference).hasSize(32);
        for (final String same : List.of(
                EVENT.reversed().json(),
                EVENT.spaced(),
                EVENT.withText("occurredAt", "2026-11-20T09:00:00.000+01:00").json(),
                EVENT.with("unknown", "[1,2]").json(),
                EVENT.with("eventId", "\"\\u0065-1\"").json())) {
            assertThat(fingerprint(same)).as(same).isEqualTo(reference);
        }
    }

    @Test
    void shouldChangeWithEveryField() {
        final Instant at = Instant.parse("2026-11-20T08:00:00Z");
        final Instant expires = Instant.parse("2026-12-31T23:59:59Z");
        final List<OfferEvent> events = List.of(
                new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "A1", at, expires),
                new OfferEvent("e-2", "u-1", EventType.OFFER_ASSIGNED, "A1", at, expires),
                new OfferEvent("e-1", "u-2", EventType.OFFER_ASSIGNED, "A1", at, expires),
                new OfferEvent("e-1", "u-1", EventType.OFFER_REVOKED, "A1", at, expires),
                new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "A2", at, expires),
                new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "A1", at.plusNanos(1), expires),
                new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "A1", at, expires.plusNanos(1)),
                new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "A1", at, null),
                // field boundaries cannot shift: ids hold no U+0000
                new OfferEvent("e-1u", "-1", EventType.OFFER_ASSIGNED, "A1", at, expires));
        final Set<String> fingerprints = new HashSet<>();
        events.forEach(event -> fingerprints.add(HexFormat.of().formatHex(Fingerprint.of(event))));
        assertThat(fingerprints).hasSize(events.size());
    }
}
