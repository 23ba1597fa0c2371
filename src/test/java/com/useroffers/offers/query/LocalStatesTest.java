package com.useroffers.offers.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.model.Offer;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.serde.OfferStateSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeMap;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.junit.jupiter.api.Test;

/** How a store's answer becomes the HTTP answer; the store itself is read through a real broker in {@code QueriesIT}. */
class LocalStatesTest {

    @Test
    void shouldAnswerTheExactBytesOfTheStateRecord() {
        // Given: a state with a non-ASCII user id, an expiry and a redemption
        final TreeMap<String, Offer> offers = new TreeMap<>();
        offers.put("WELCOME10", Offer.assigned(Instant.parse("2026-11-01T09:00:00Z"), null).redeemed(Instant.parse("2026-11-22T10:15:30Z")));
        offers.put("SPRING25", Offer.assigned(Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-12-31T23:59:59Z")));
        final OfferState state = new OfferState("üser \"q\" \uD83D\uDE00", 3, Instant.parse("2026-11-22T10:15:30Z"), "e-3", offers);

        // When
        final Answer answer = LocalStates.answer(state);

        // Then: what the output topic's serde writes, byte for byte
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(new OfferStateSerde().serializer().serialize("user-offer-state", state));
        assertThat(answer.retryAfterSeconds()).isNull();
    }

    @Test
    void shouldAnswerNotFoundForAUserWithoutState() {
        // a user never seen, or whose state was deleted with a tombstone: the store has no value
        final Answer answer = LocalStates.answer(null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).startsWith("{\"error\":\"no state for this user");
    }

    @Test
    void shouldAnswerUnavailableWithTheReasonWhenThePartitionIsNotHere() {
        final Answer answer = LocalStates.notHere(4, new InvalidStateStorePartitionException("no such partition"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.retryAfterSeconds()).isEqualTo(Answer.RETRY_AFTER_SECONDS);
        assertThat(answer.text()).contains("partition 4").contains("no such partition").contains("application.server");
    }
}
