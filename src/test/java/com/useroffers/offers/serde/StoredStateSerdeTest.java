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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The state store's value format: every field survives, format 2 is read, anything else (the pre-release layouts and JSON too) is refused. */
class StoredStateSerdeTest {

    /*
     * Format 1 of pre-release builds, as its writer wrote it (generated with that writer), no longer read:
     * no release wrote it. The objects were noOffers(), oneOffer() and sampleState().
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
    /* Format 2 of oneOffer(), checked by hand against the Javadoc's layout, so a change of layout needs a new format. */
    private static final String FORMAT_2_ONE_OFFER = "02" + "0006757365722d31" + "0000000000000001" + "000000006b02c0c2075bcd15"
            + "0003652d31" + "00000001" + "0008535052494e473235" + "00" + "000000006b02c0c2075bcd15" + "00" + "00";
    /*
     * The first binary layout (never released) also began with byte 1, with modified UTF-8 and a marker
     * byte per optional instant. Generated with that writer; the objects were oneOffer() and sampleState().
     */
    private static final String FIRST_LAYOUT_ONE_OFFER = "010006757365722d310000000000000001000000006b02c0c2075bcd150003652d3100000001"
            + "0008535052494e47323500000000006b02c0c2075bcd150000";
    private static final String FIRST_LAYOUT_SAMPLE = "010009e794a8e688b72d34327fffffffffffffff000000006b02d940000000000006652dc3a92d31"
            + "00000004"
            + "00124e4f2d4558504952592d52454445454d454401000000006b02bd20000000000001000000006b02d94000000000"
            + "0008535052494e47323500000000006b02c0c2075bcd150000"
            + "000957454c434f4d45313000ffffffffffffffff1dcd650001000000006b0e0e000000000000"
            + "0009eda0bcedbe812dc3a901000000006b02bd200000000001000000006b0382000000000001000000006b02cb30000f4240";

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
        return read(HexFormat.of().parseHex(hex));
    }

    private OfferState read(final byte[] bytes) {
        return serde.deserializer().deserialize("offers-state-store-changelog", bytes);
    }

    private byte[] write(final OfferState state) {
        return serde.serializer().serialize("offers-state-store", state);
    }

    private OfferState roundTrip(final OfferState state) {
        return read(write(state));
    }

    @Test
    void shouldRoundTripEveryFieldOfEveryOfferShape() {
        final OfferState state = sampleState();

        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Test
    void shouldRoundTripNoOfferAndOneOffer() {
        assertThat(roundTrip(noOffers())).isEqualTo(noOffers());
        assertThat(roundTrip(oneOffer())).isEqualTo(oneOffer());
    }

    @Test
    void shouldWriteFormat2() {
        assertThat(write(oneOffer())).isEqualTo(HexFormat.of().parseHex(FORMAT_2_ONE_OFFER));
        assertThat(write(sampleState())[0]).isEqualTo((byte) 2);
        assertThat(read(FORMAT_2_ONE_OFFER)).isEqualTo(oneOffer());
    }

    @Test
    void shouldKeepTheOfferOrderSoTheOutputJsonIsUnchanged() {
        final OfferState state = sampleState();

        assertThat(StateJson.write(roundTrip(state))).isEqualTo(StateJson.write(state));
    }

    @Test
    void shouldBeSmallerThanTheStateJson() {
        final OfferState state = sampleState();

        assertThat(write(state).length).isLessThan(StateJson.write(state).length);
    }

    @Test
    void shouldRefuseThePreReleaseBinaryLayouts() {
        for (final String preRelease : List.of(FORMAT_1_NO_OFFERS, FORMAT_1_ONE_OFFER, FORMAT_1_SAMPLE,
                FIRST_LAYOUT_ONE_OFFER, FIRST_LAYOUT_SAMPLE)) {
            assertThatThrownBy(() -> read(preRelease))
                    .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown stored state format 1");
        }
    }

    @Test
    void shouldRefuseTheJsonThatBuildsBeforeTheBinaryFormStored() {
        // Given: a store or changelog written before the binary form (it needs a reset)
        final byte[] json = StateJson.write(sampleState());

        // When / Then
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown stored state format 123");
    }

    @Test
    void shouldKeepNullAsNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRefuseAnUnknownFormat() {
        for (final int format : new int[] {0, 3, '{', 0xFF}) {
            final byte[] unknown = write(sampleState());
            unknown[0] = (byte) format;

            assertThatThrownBy(() -> read(unknown))
                    .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown stored state format " + format);
        }
    }

    @Test
    void shouldRefuseTruncatedOrTrailingBytes() {
        for (final byte[] valid : List.of(write(sampleState()), write(noOffers()))) {
            // every shorter prefix, down to nothing at all
            for (int length = 0; length < valid.length; length++) {
                final byte[] truncated = Arrays.copyOf(valid, length);
                assertThatThrownBy(() -> read(truncated)).as("first %d bytes", length).isInstanceOf(SerializationException.class);
            }
            assertThatThrownBy(() -> read(Arrays.copyOf(valid, valid.length - 1)))
                    .isInstanceOf(SerializationException.class).hasStackTraceContaining("truncated");
            assertThatThrownBy(() -> read(Arrays.copyOf(valid, valid.length + 1)))
                    .isInstanceOf(SerializationException.class).hasStackTraceContaining("trailing bytes");
        }
    }

    @Test
    void shouldRefuseAnUnknownStatusCodeOrMarker() {
        final byte[] unknownStatus = HexFormat.of().parseHex(FORMAT_2_ONE_OFFER);
        unknownStatus[unknownStatus.length - 15] = 2;
        final byte[] unknownMarker = HexFormat.of().parseHex(FORMAT_2_ONE_OFFER);
        unknownMarker[unknownMarker.length - 1] = 2;

        assertThatThrownBy(() -> read(unknownStatus))
                .isInstanceOf(SerializationException.class).hasStackTraceContaining("unknown offer status code 2");
        assertThatThrownBy(() -> read(unknownMarker)).isInstanceOf(SerializationException.class).hasStackTraceContaining("marker 2");
    }

    @Test
    void shouldRefuseAStringLongerThanItsLengthPrefixCanSay() {
        // Given: ids are at most 128 code points once validated, so this is a guard, not a limit users meet
        final OfferState longest = new OfferState("u".repeat(0xFFFF), 1, Instant.EPOCH, "e", new TreeMap<>());
        final OfferState tooLong = new OfferState("\u00E9".repeat(0x8000), 1, Instant.EPOCH, "e", new TreeMap<>());

        // When / Then
        assertThat(roundTrip(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> write(tooLong)).isInstanceOf(SerializationException.class).hasMessageContaining("65536 bytes");
    }
}
