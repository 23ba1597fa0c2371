package com.useroffers.offers.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.OfferStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The state store's value format: every field survives, JSON stored by earlier builds is still read, garbage is refused. */
class StoredStateSerdeTest {

    private final StoredStateSerde serde = new StoredStateSerde();

    private static OfferState sampleState() {
        final Map<String, Offer> offers = new TreeMap<>();
        offers.put("SPRING25", Offer.assigned(Instant.parse("2026-11-22T10:15:30.123456789Z"), null));
        offers.put("WELCOME10", Offer.assigned(Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("2026-12-01T00:00:00Z")));
        offers.put("\uD83C\uDF81-\u00E9", new Offer(OfferStatus.REDEEMED, Instant.parse("2026-11-22T10:00:00Z"),
                Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-22T11:00:00.001Z")));
        offers.put("NO-EXPIRY-REDEEMED", new Offer(OfferStatus.REDEEMED, Instant.parse("2026-11-22T10:00:00Z"),
                null, Instant.parse("2026-11-22T12:00:00Z")));
        return new OfferState("\u7528\u6237-42", Long.MAX_VALUE, Instant.parse("2026-11-22T12:00:00Z"), "e-\u00E9-1", new TreeMap<>(offers));
    }

    private OfferState roundTrip(final OfferState state) {
        return serde.deserializer().deserialize("offers-state-store", serde.serializer().serialize("offers-state-store", state));
    }

    @Test
    void shouldRoundTripEveryFieldOfEveryOfferShape() {
        final OfferState state = sampleState();

        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Test
    void shouldKeepTheOfferOrderSoTheOutputJsonIsUnchanged() {
        final OfferState state = sampleState();

        assertThat(StateJson.write(roundTrip(state))).isEqualTo(StateJson.write(state));
    }

    @Test
    void shouldBeSmallerThanTheStateJson() {
        final OfferState state = sampleState();

        assertThat(serde.serializer().serialize("t", state).length).isLessThan(StateJson.write(state).length);
    }

    @Test
    void shouldReadTheJsonThatEarlierBuildsStored() {
        // Given: a store or changelog written before the binary format
        final OfferState state = sampleState();
        final byte[] legacy = StateJson.write(state);

        // When / Then
        assertThat(serde.deserializer().deserialize("offers-state-store-changelog", legacy)).isEqualTo(state);
    }

    @Test
    void shouldKeepNullAsNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRefuseAnUnknownFormatTruncatedOrTrailingBytes() {
        final byte[] valid = serde.serializer().serialize("t", sampleState());
        final byte[] unknownFormat = valid.clone();
        unknownFormat[0] = 2;
        final byte[] trailing = Arrays.copyOf(valid, valid.length + 1);

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", unknownFormat))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown stored state format 2");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(valid, valid.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", trailing))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("trailing bytes");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0]))
                .isInstanceOf(SerializationException.class);
    }
}
