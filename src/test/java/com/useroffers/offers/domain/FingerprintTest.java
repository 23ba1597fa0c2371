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

    /**
     * The dedup store keeps fingerprints for the whole retention, across upgrades: a repeat of an event
     * remembered by an earlier build must match it byte for byte, or it would be a conflict. These are
     * the fingerprints of the first builds (the JDK's {@code Instant.toString()}, one digest per event).
     */
    @Test
    void shouldKeepTheFingerprintsTheDedupStoreAlreadyHolds() {
        // Given events with every shape of instant text: whole seconds, .SSS, .SSSSSS, .SSSSSSSSS before
        // 1970, a year past 9999 (the JDK's own format), non-ASCII ids, with and without expiresAt
        final Instant at = Instant.parse("2026-11-20T08:00:00Z");
        final List<OfferEvent> events = List.of(
                new OfferEvent("e-1", "u-1", EventType.OFFER_ASSIGNED, "SPRING25", at, Instant.parse("2026-12-31T23:59:59Z")),
                new OfferEvent("3f2b8c1e-9d4a-4e6b-8f00-1a2b3c4d5e6f", "\u7528\u6237-\u00fc", EventType.OFFER_REDEEMED, "A-1_X",
                        Instant.parse("2026-11-20T08:00:00.120Z"), null),
                new OfferEvent("e-2", "u-2", EventType.OFFER_REVOKED, "B2", Instant.parse("2026-11-20T08:00:00.000123Z"), null),
                new OfferEvent("e-3", "u-3", EventType.OFFER_ASSIGNED, "C3", Instant.parse("1969-12-31T23:59:59.123456789Z"),
                        Instant.parse("+12026-01-01T00:00:00Z")));

        // When they are fingerprinted (twice: the per-thread digest must start clean each time)
        // Then the bytes are those an earlier build stored
        for (int round = 0; round < 2; round++) {
            assertThat(events.stream().map(event -> HexFormat.of().formatHex(Fingerprint.of(event))).toList()).containsExactly(
                    "3054e97ba2b83c8df23f1d48fdbb5d193da7b6a27fa12b865f8fc96fd6205b3d",
                    "fcd29609cedc790597ed430325d46fd36517e0b648b164e9118d341500a17035",
                    "a219c4a8954565a6c92f3c27bb22137d4a0508b4ab0037bc99c541da575ffc8f",
                    "801a346977a4cc587b625b5ef8bcc8bc698837b80043b99a1651c4ea18e9490a");
        }
    }
}
