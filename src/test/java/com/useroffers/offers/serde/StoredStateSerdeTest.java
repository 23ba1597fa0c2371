package com.useroffers.offers.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.OfferStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The state store's value format: every field survives, JSON stored by earlier builds is still read, garbage is refused. */
class StoredStateSerdeTest {

    /*
     * Format 1 exactly as its writer wrote it (generated with that writer, not by hand), so that stores
     * and changelogs written with it stay readable whatever the writer becomes. The objects are
     * noOffers(), oneOffer() and sampleState().
     */
    private static final String FORMAT_1_NO_OFFERS = "010003752d300000000000000001000000006b02c0c2000000000003652d3000000000";
    private static final String FORMAT_1_ONE_OFFER = "010006757365722d310000000000000001000000006b02c0c2075bcd150003652d3100000001"
            + "0008535052494e47323500000000006b02c0c2075bcd1500";
    private static final String FORMAT_1_SAMPLE = "010009e794a8e688b72d34327fffffffffffffff000000006b02d940000000000006652dc3a92d31"
            + "00000004"
            + "00124e4f2d4558504952592d52454445454d454401000000006b02bd200000000002000000006b02d94000000000"
            + "0008535052494e47323500000000006b02c0c2075bcd1500"
            + "000957454c434f4d45313000ffffffffffffffff1dcd650001000000006b0e0e0000000000"
            + "0007f09f8e812dc3a901000000006b02bd200000000003000000006b03820000000000000000006b02cb30000f4240";

    private final StoredStateSerde serde = new StoredStateSerde();

    private static OfferState noOffers() {
        return new OfferState("u-0", 1, Instant.parse("2026-11-22T10:15:30Z"), "e-0", new TreeMap<>());
    }

    private static OfferState oneOffer() {
        final TreeMap<String, Offer> offers = new TreeMap<>();
        offers.put("SPRING25", Offer.assigned(Instant.parse("2026-11-22T10:15:30.123456789Z"), null));
        return new OfferState("user-1", 1, Instant.parse("2026-11-22T10:15:30.123456789Z"), "e-1", offers);
    }

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

    private OfferState read(final String hex) {
        return serde.deserializer().deserialize("offers-state-store-changelog", HexFormat.of().parseHex(hex));
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
    void shouldReadFormat1AsEarlierBuildsWroteIt() {
        assertThat(read(FORMAT_1_NO_OFFERS)).isEqualTo(noOffers());
        assertThat(read(FORMAT_1_ONE_OFFER)).isEqualTo(oneOffer());
        assertThat(read(FORMAT_1_SAMPLE)).isEqualTo(sampleState());
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
