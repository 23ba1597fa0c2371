package com.useroffers.offers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.useroffers.offers.fixtures.IngestEvents;
import com.useroffers.offers.ingest.v1.OfferEvent;
import io.grpc.Status;
import io.grpc.StatusException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The processor's own rules, applied before anything is written, and what a client is told. */
class SubmissionTest {

    private static final OfferEvent GOOD = IngestEvents.assigned("e-1", "ü-1", "SPRING25", "2026-11-20T10:00:00+02:00");
    private final Submission.Checker checker = new Submission.Checker(65536);

    @Test
    void shouldKeyAValidEventByTheUtf8UserIdAndWriteTheBytesItValidated() throws StatusException {
        // When
        final Submission submission = checker.check(GOOD);

        // Then: the key the processor requires with offers.input.keyed-by-user=true
        assertThat(submission.key()).isEqualTo("ü-1".getBytes(StandardCharsets.UTF_8));
        assertThat(submission.value()).isEqualTo(EventJson.write(GOOD));
        assertThat(submission.eventId()).isEqualTo("e-1");
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of(GOOD.toBuilder().setOfferCode("spring25").build(), "INVALID: offerCode does not match"),
                Arguments.of(GOOD.toBuilder().setEventId("").build(), "INVALID: eventId is missing"),
                Arguments.of(GOOD.toBuilder().setUserId("u\u0007").build(), "INVALID: userId contains a control character"),
                Arguments.of(GOOD.toBuilder().setEventId("e".repeat(129)).build(), "INVALID: eventId is longer than 128 characters"),
                Arguments.of(GOOD.toBuilder().setType("OFFER_GIVEN").build(), "INVALID: type is not one of"),
                Arguments.of(GOOD.toBuilder().setOccurredAt("2026-11-20 10:00").build(), "INVALID: occurredAt is not an ISO-8601 instant"),
                Arguments.of(GOOD.toBuilder().setExpiresAt("2026-11-20T08:00:00Z").build(), "INVALID: expiresAt 2026-11-20T08:00:00Z is not after occurredAt"),
                Arguments.of(GOOD.toBuilder().setType("OFFER_REDEEMED").setExpiresAt("2026-12-31T00:00:00Z").build(),
                        "INVALID: expiresAt is allowed only on OFFER_ASSIGNED"));
    }

    @ParameterizedTest
    @MethodSource("brokenRules")
    void shouldRefuseAnEventTheProcessorWouldDeadLetterWithInvalidArgumentNamingTheRule(final OfferEvent event,
                                                                                         final String description) {
        // When
        final StatusException refused = catchThrowableOfType(StatusException.class, () -> checker.check(event));

        // Then
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).startsWith(description);
    }

    @Test
    void shouldRefuseAnEventLargerThanTheProcessorTakesAsMalformed() {
        // Given: a processor that takes 200 bytes at most
        final Submission.Checker small = new Submission.Checker(200);

        // When
        final StatusException refused = catchThrowableOfType(StatusException.class,
                () -> small.check(GOOD.toBuilder().setUserId("u".repeat(120)).build()));

        // Then
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).startsWith("MALFORMED: the value has").contains("more than the limit of 200");
    }
}
