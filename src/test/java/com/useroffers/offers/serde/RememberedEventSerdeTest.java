package com.useroffers.offers.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.domain.Fingerprint;
import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.model.RememberedEvent;
import com.useroffers.offers.model.RememberedEvent.Outcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The dedup store's value format: format 1 pinned, anything else refused (the raw fingerprint of pre-release builds too). */
class RememberedEventSerdeTest {

    /* Fingerprint.of(redeem()): what pre-release builds stored as the whole value (Serdes.ByteArray()). */
    private static final String RAW_FINGERPRINT = "94e6bcb1e0cada99e9d1fdbb9f4e9e8fb15c2a02bbd6f8a4c2185b91470cd641";
    /* Format 1, checked by hand against the Javadoc's layout, so a change of layout needs a new format. */
    private static final String FORMAT_1_APPLIED = "01" + "00" + RAW_FINGERPRINT;
    private static final String FORMAT_1_INVALID_TRANSITION = "01" + "01" + RAW_FINGERPRINT;
    private static final String FORMAT_1_STATE_LIMIT = "01" + "02" + RAW_FINGERPRINT;

    private final RememberedEventSerde serde = new RememberedEventSerde();

    private static OfferEvent redeem() {
        return new OfferEvent("e-1", "u-1", EventType.OFFER_REDEEMED, "SPRING25", Instant.parse("2026-11-20T09:00:00Z"), null);
    }

    private static byte[] hex(final String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private RememberedEvent read(final byte[] bytes) {
        return serde.deserializer().deserialize("app-offers-dedup-store-changelog", bytes);
    }

    private byte[] write(final RememberedEvent remembered) {
        return serde.serializer().serialize("app-offers-dedup-store-changelog", remembered);
    }

    @Test
    void shouldPinTheFixtureToTheFingerprintOfItsEvent() {
        assertThat(Fingerprint.of(redeem())).isEqualTo(hex(RAW_FINGERPRINT));
    }

    @Test
    void shouldWriteFormat1WithItsOutcome() {
        final byte[] fingerprint = Fingerprint.of(redeem());

        assertThat(write(new RememberedEvent(fingerprint, Outcome.APPLIED))).isEqualTo(hex(FORMAT_1_APPLIED));
        assertThat(write(new RememberedEvent(fingerprint, Outcome.INVALID_TRANSITION))).isEqualTo(hex(FORMAT_1_INVALID_TRANSITION));
        assertThat(write(new RememberedEvent(fingerprint, Outcome.STATE_LIMIT))).isEqualTo(hex(FORMAT_1_STATE_LIMIT));
    }

    @Test
    void shouldReadFormat1Back() {
        final byte[] fingerprint = hex(RAW_FINGERPRINT);

        assertThat(read(hex(FORMAT_1_APPLIED))).isEqualTo(new RememberedEvent(fingerprint, Outcome.APPLIED));
        assertThat(read(hex(FORMAT_1_INVALID_TRANSITION))).isEqualTo(new RememberedEvent(fingerprint, Outcome.INVALID_TRANSITION));
        assertThat(read(hex(FORMAT_1_STATE_LIMIT))).isEqualTo(new RememberedEvent(fingerprint, Outcome.STATE_LIMIT));
    }

    @Test
    void shouldRefuseTheRawFingerprintOfPreReleaseBuilds() {
        // Given: what builds before 1.0.0 stored, the fingerprint alone; and one that begins like format 1
        final byte[] raw = hex(RAW_FINGERPRINT);
        final byte[] rawLikeFormat1 = hex("0102" + RAW_FINGERPRINT.substring(4));

        // When / Then: no release wrote them, so they are not read (a store from such a build needs a reset)
        assertThatThrownBy(() -> read(raw))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown remembered event format 148");
        assertThatThrownBy(() -> read(rawLikeFormat1))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("truncated");
    }

    @Test
    void shouldRefuseAnUnknownFormatOutcomeOrLength() {
        final byte[] unknownFormat = hex(FORMAT_1_APPLIED);
        unknownFormat[0] = 2;
        final byte[] unknownOutcome = hex(FORMAT_1_APPLIED);
        unknownOutcome[1] = 3;

        assertThatThrownBy(() -> read(unknownFormat))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown remembered event format 2");
        assertThatThrownBy(() -> read(unknownOutcome))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown remembered outcome code 3");
        assertThatThrownBy(() -> read(Arrays.copyOf(hex(FORMAT_1_APPLIED), 33)))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("truncated");
        assertThatThrownBy(() -> read(Arrays.copyOf(hex(FORMAT_1_APPLIED), 35)))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("trailing bytes");
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRefuseToWriteAFingerprintOfAnotherLength() {
        assertThatThrownBy(() -> write(new RememberedEvent(new byte[31], Outcome.APPLIED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    }

    @Test
    void shouldKeepNullAsNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
