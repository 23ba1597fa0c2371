package com.useroffers.offers.processor;

import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.domain.EventReader;
import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.pipeline.DeadLetter;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.Result;
import com.useroffers.offers.pipeline.SourcePosition;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Step 6 at the intake: a record whose content makes reading throw is a {@code PROCESSING_ERROR}
 * dead letter with its original bytes and position, and the next record is read as usual; a Kafka
 * failure is never the record's fault and propagates.
 */
class IntakeProcessorTest {

    private static final byte[] POISON = bytes("{\"poison\":true}");

    private final EventReader realReader = new EventReader(65536);
    private MockProcessorContext<String, Result<Envelope>> context;

    @BeforeEach
    void createContext() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "intake-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(props);
        context.setRecordMetadata("user-offers", 3, 41L);
    }

    @Test
    void shouldDeadLetterARecordWhoseContentMakesReadingThrowAndGoOn() {
        // Given: a reader with a content-triggered bug
        final IntakeProcessor intake = new IntakeProcessor(value -> {
            if (Arrays.equals(value, POISON)) {
                throw new IllegalArgumentException("bug triggered by content");
            }
            return realReader.read(value);
        }, true);
        intake.init(context);
        final byte[] good = Events.assigned("e-1", "u-1", "A1", "2026-11-20T08:00:00Z").bytes();

        // When
        intake.process(new Record<>(bytes("u-1"), POISON, 1_000L));        // poison: PROCESSING_ERROR
        intake.process(new Record<>(bytes("u-1"), good, 2_000L));          // valid: accepted

        // Then
        final List<MockProcessorContext.CapturedForward<? extends String, ? extends Result<Envelope>>> forwarded = context.forwarded();
        assertThat(forwarded).hasSize(2);
        assertThat(forwarded.get(0).record().value()).isInstanceOf(Result.Failed.class);
        final DeadLetter deadLetter = forwarded.get(0).record().value().deadLetters().get(0);
        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.PROCESSING_ERROR);
        assertThat(deadLetter.error()).contains("IllegalArgumentException");
        assertThat(deadLetter.key()).isEqualTo(bytes("u-1"));
        assertThat(deadLetter.value()).isEqualTo(POISON);
        assertThat(deadLetter.source()).isEqualTo(new SourcePosition("user-offers", 3, 41L));
        assertThat(forwarded.get(0).record().timestamp()).isEqualTo(1_000L);
        assertThat(forwarded.get(1).record().value().values()).singleElement().isInstanceOf(Envelope.class);
        assertThat(forwarded.get(1).record().key()).isEqualTo("u-1");
    }

    @Test
    void shouldLetAKafkaFailurePropagateRatherThanDeadLetterTheRecord() {
        final IntakeProcessor intake = new IntakeProcessor(value -> {
            throw new TimeoutException("broker went away");
        }, true);
        intake.init(context);

        assertThatThrownBy(() -> intake.process(new Record<>(bytes("u-1"), POISON, 1_000L)))
                .isInstanceOf(TimeoutException.class);
        assertThat(context.forwarded()).isEmpty();
    }
}
