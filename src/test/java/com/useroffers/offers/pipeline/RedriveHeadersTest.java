package com.useroffers.offers.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The headers a redriven record carries: the original ones, then where it comes from and how many times it went round. */
class RedriveHeadersTest {

    private static byte[] utf8(final String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(final Headers headers) {
        return Arrays.stream(headers.toArray()).map(Header::key).toList();
    }

    private static String last(final Headers headers, final String name) {
        final Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepTheOriginalHeadersInOrderAndDropEveryDeadLetterHeader() {
        // Given: a dead letter as the application writes it, a producer's own offers.dlq.* header among the originals
        final Headers deadLetter = new RecordHeaders();
        deadLetter.add("trace-id", utf8("t-1"));
        deadLetter.add("offers.dlq.reason", utf8("forged"));        // the producer's: not the original's to keep either
        deadLetter.add("tenant", null);                             // a null value is kept as it is
        deadLetter.add("offers.dlq.reason", utf8("INVALID_TRANSITION"));
        deadLetter.add("offers.dlq.error", utf8("no offer"));
        deadLetter.add("offers.dlq.topic", utf8("user-offers"));
        deadLetter.add("offers.dlq.partition", utf8("2"));
        deadLetter.add("offers.dlq.offset", utf8("17"));
        deadLetter.add("offers.dlq.event-id", utf8("e-2"));
        deadLetter.add("__streams.errors.exception", utf8("x"));   // Kafka Streams' own, after ours

        // When
        final Headers redriven = RedriveHeaders.rewrite(deadLetter, RedriveHeaders.of("user-offers-dlq", 4, 99), 1);

        // Then
        assertThat(names(redriven)).containsExactly("trace-id", "tenant", RedriveHeaders.OF, RedriveHeaders.COUNT);
        assertThat(last(redriven, "trace-id")).isEqualTo("t-1");
        assertThat(redriven.lastHeader("tenant").value()).isNull();
        assertThat(last(redriven, RedriveHeaders.OF)).isEqualTo("user-offers-dlq/4/99");
        assertThat(last(redriven, RedriveHeaders.COUNT)).isEqualTo("1");
    }

    @Test
    void shouldReplaceAnEarlierRedrivesHeadersAndCountOnFromThem() {
        // Given: the dead letter of a record that was redriven twice already
        final Headers deadLetter = new RecordHeaders();
        deadLetter.add("trace-id", utf8("t-1"));
        deadLetter.add(RedriveHeaders.OF, utf8("user-offers-dlq/4/120"));
        deadLetter.add(RedriveHeaders.COUNT, utf8("2"));
        deadLetter.add("offers.dlq.reason", utf8("INVALID_TRANSITION"));

        // When
        final int previous = RedriveHeaders.count(deadLetter);
        final Headers redriven = RedriveHeaders.rewrite(deadLetter, RedriveHeaders.of("user-offers-dlq", 1, 300), previous + 1);

        // Then
        assertThat(previous).isEqualTo(2);
        assertThat(names(redriven)).containsExactly("trace-id", RedriveHeaders.OF, RedriveHeaders.COUNT);
        assertThat(last(redriven, RedriveHeaders.OF)).isEqualTo("user-offers-dlq/1/300");
        assertThat(RedriveHeaders.count(redriven)).isEqualTo(3);
    }

    @Test
    void shouldReadAMissingOrUnreadableCountAsNeverRedriven() {
        final Headers none = new RecordHeaders();
        final Headers nullValue = new RecordHeaders().add(RedriveHeaders.COUNT, null);
        final Headers garbage = new RecordHeaders().add(RedriveHeaders.COUNT, utf8("lots"));
        final Headers negative = new RecordHeaders().add(RedriveHeaders.COUNT, utf8("-4"));

        assertThat(List.of(none, nullValue, garbage, negative)).allSatisfy(headers -> assertThat(RedriveHeaders.count(headers)).isZero());
    }

    @Test
    void shouldTellARedriveByItsOfHeader() {
        assertThat(RedriveHeaders.isRedrive(new RecordHeaders().add(RedriveHeaders.OF, utf8("dlq/0/1")))).isTrue();
        assertThat(RedriveHeaders.isRedrive(new RecordHeaders())).isFalse();
        assertThat(RedriveHeaders.isRedrive(new RecordHeaders().add(RedriveHeaders.OF, null))).isFalse(); // masked
        assertThat(RedriveHeaders.isRedrive(new RecordHeaders().add(RedriveHeaders.COUNT, utf8("1")))).isFalse();
    }
}
