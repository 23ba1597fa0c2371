package com.useroffers.offers.processor;

import static com.useroffers.offers.fixtures.DeadLetters.assertDeadLetter;
import static com.useroffers.offers.fixtures.OffersDriver.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.useroffers.offers.domain.OfferTransitions;
import com.useroffers.offers.domain.Transition;
import com.useroffers.offers.fixtures.Events;
import com.useroffers.offers.fixtures.Sent;
import com.useroffers.offers.model.DeadLetterReason;
import com.useroffers.offers.model.EventType;
import com.useroffers.offers.model.OfferEvent;
import com.useroffers.offers.model.OfferState;
import com.useroffers.offers.model.RememberedEvent;
import com.useroffers.offers.pipeline.DeadLetter;
import com.useroffers.offers.pipeline.Envelope;
import com.useroffers.offers.pipeline.Result;
import com.useroffers.offers.pipeline.SourcePosition;
import com.useroffers.offers.pipeline.StateChange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BiFunction;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 6 at the processor: a record whose content makes the decision throw is a
 * {@code PROCESSING_ERROR} dead letter, nothing is written to a store, and the next record is
 * processed; an infrastructure failure (a {@code KafkaException}) is never the record's fault and
 * propagates. Runs {@link OfferEventProcessor} on the production stores (RocksDB; changelog and cache off) under
 * a {@link MockProcessorContext}.
 */
class OfferEventProcessorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final SeenIdsFilter.Memory FILTER_MEMORY = new SeenIdsFilter.Memory(OfferEventProcessorSupplier.DEDUP_FILTER_MEMORY);

    @TempDir
    Path stateDir;

    private MockProcessorContext<String, Result<StateChange>> context;
    private List<StateStore> stores;

    @BeforeEach
    void createContextAndStores() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "offer-event-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        // MockProcessorContext has no record cache: the stores run uncached here (TopologyTestDriver tests run them cached).
        stores = new OfferEventProcessorSupplier(Duration.ofDays(7), 1000).stores().stream()
                .map(builder -> (StateStore) ((StoreBuilder<?>) builder).withLoggingDisabled().withCachingDisabled().build())
                .toList();
        for (final StateStore store : stores) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
    }

    @AfterEach
    void closeStores() {
        stores.forEach(StateStore::close);
    }

    /** The production transitions, except that an offer code of BOOM makes them throw, as a bug triggered by content would. */
    private static final BiFunction<OfferState, OfferEvent, Transition> THROWS_ON_BOOM = (state, event) -> {
        if (event.offerCode().equals("BOOM")) {
            throw new IllegalStateException("cannot handle\noffer BOOM");
        }
        return OfferTransitions.apply(state, event, 1000);
    };

    @Test
    void shouldDeadLetterARecordWhoseTransitionThrowsWriteNothingAndGoOn() {
        // Given
        final OfferEventProcessor processor = new OfferEventProcessor(Duration.ofDays(7).toMillis(), THROWS_ON_BOOM, FILTER_MEMORY);
        processor.init(context);

        // When
        final Record<String, Envelope> boom = record(assign("e-1", "BOOM"), 7);
        processor.process(boom);                        // throws inside: PROCESSING_ERROR
        processor.process(record(assign("e-2", "A1"), 8)); // good: applied, v1
        processor.process(record(assign("e-1", "BOOM"), 9)); // same content again: not remembered, PROCESSING_ERROR again

        // Then
        final List<Result<StateChange>> outcomes = forwarded();
        assertThat(outcomes).hasSize(3);
        final DeadLetter deadLetter = deadLetter(outcomes.get(0));
        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.PROCESSING_ERROR);
        assertThat(deadLetter.error()).contains("IllegalStateException").contains("offer BOOM");
        assertThat(deadLetter.eventId()).isEqualTo("e-1");
        assertThat(deadLetter.key()).isEqualTo(boom.value().key());
        assertThat(deadLetter.value()).isEqualTo(boom.value().value());
        assertThat(deadLetter.source()).isEqualTo(new SourcePosition("user-offers", 3, 7));
        assertThat(stateChange(outcomes.get(1)).state().version()).isEqualTo(1);
        assertThat(stateChange(outcomes.get(1)).state().offers()).containsOnlyKeys("A1");
        assertThat(deadLetter(outcomes.get(2)).reason()).isEqualTo(DeadLetterReason.PROCESSING_ERROR);
        assertThat(rememberedIds()).containsExactly("u-1\u0000e-2");
        assertThat(stateStore().get("u-1").offers()).containsOnlyKeys("A1");
    }

    @Test
    void shouldLeaveNoTraceOfAThrowingRecordInTheStores() {
        // Given
        final OfferEventProcessor processor = new OfferEventProcessor(Duration.ofDays(7).toMillis(), THROWS_ON_BOOM, FILTER_MEMORY);
        processor.init(context);

        // When
        processor.process(record(assign("e-1", "BOOM"), 0)); // throws inside: PROCESSING_ERROR

        // Then
        assertThat(forwarded()).singleElement().isInstanceOf(Result.Failed.class);
        assertThat(stateStore().get("u-1")).isNull();
        assertThat(rememberedIds()).isEmpty();
    }

    @Test
    void shouldWriteTheProcessingErrorDeadLetterAsTheOriginalRecordWithTheContractHeaders() {
        // Given
        final OfferEventProcessor processor = new OfferEventProcessor(Duration.ofDays(7).toMillis(), THROWS_ON_BOOM, FILTER_MEMORY);
        processor.init(context);
        final Headers original = new RecordHeaders();
        original.add("trace-id", bytes("t-1"));
        final Record<String, Envelope> boom = record(assign("e-1", "BOOM"), 5).withHeaders(original);

        // When
        processor.process(boom); // throws inside: PROCESSING_ERROR
        final MockProcessorContext<byte[], byte[]> dlqContext = new MockProcessorContext<>();
        final DeadLetterRecordProcessor toDlq = new DeadLetterRecordProcessor();
        toDlq.init(dlqContext);
        final Record<? extends String, ? extends Result<StateChange>> outcome = context.forwarded().get(0).record();
        toDlq.process(new Record<>(outcome.key(), deadLetter(outcome.value()), outcome.timestamp(), outcome.headers()));

        // Then
        assertThat(dlqContext.forwarded()).hasSize(1);
        final Record<? extends byte[], ? extends byte[]> dlqRecord = dlqContext.forwarded().get(0).record();
        final Sent sent = new Sent(boom.value().key(), boom.value().value(), original.toArray(), boom.timestamp(), "user-offers", 3, 5);
        assertDeadLetter(new TestRecord<>(dlqRecord.key(), dlqRecord.value(), dlqRecord.headers(), dlqRecord.timestamp()),
                sent, DeadLetterReason.PROCESSING_ERROR, "e-1");
    }

    @Test
    void shouldPropagateAnInfrastructureFailureInsteadOfDeadLetteringIt() {
        // Given: the store layer fails, which is never the record's fault
        final OfferEventProcessor processor = new OfferEventProcessor(Duration.ofDays(7).toMillis(), (state, event) -> {
            throw new ProcessorStateException("disk full");
        }, FILTER_MEMORY);
        processor.init(context);

        // When / Then
        assertThatThrownBy(() -> processor.process(record(assign("e-1", "A1"), 0))).isInstanceOf(ProcessorStateException.class);
        assertThat(context.forwarded()).isEmpty();
        assertThat(rememberedIds()).isEmpty();
        assertThat(stateStore().get("u-1")).isNull();
    }

    @Test
    void shouldDropARepeatOfAnIdTheStoreHeldBeforeTheTaskStarted() {
        // Given: ids remembered by an earlier run of the task (restored from the changelog), before init
        final SeenIdsFilter.Memory memory = new SeenIdsFilter.Memory(OfferEventProcessorSupplier.DEDUP_FILTER_MEMORY);
        final OfferEventProcessor first = new OfferEventProcessor(Duration.ofDays(7).toMillis(), 1000, memory);
        first.init(context);
        first.process(record(assign("e-1", "A1"), 0));
        first.process(record(assign("e-2", "A2"), 1));
        first.close();
        context.resetForwards();

        // When: the task starts again on the same store, and the ids come again, one with other content
        final OfferEventProcessor restarted = new OfferEventProcessor(Duration.ofDays(7).toMillis(), 1000, memory);
        restarted.init(context);
        restarted.process(record(assign("e-1", "A1"), 2));
        restarted.process(record(assign("e-2", "B2"), 3));
        restarted.process(record(assign("e-3", "A3"), 4));

        // Then: the repeat is dropped, the conflict dead-lettered, the new id applied
        final List<Result<StateChange>> outcomes = forwarded();
        assertThat(outcomes).hasSize(2);
        assertThat(deadLetter(outcomes.get(0)).reason()).isEqualTo(DeadLetterReason.DUPLICATE_CONFLICT);
        assertThat(stateChange(outcomes.get(1)).state().offers()).containsOnlyKeys("A1", "A2", "A3");
        restarted.close();
        assertThat(memory.used()).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    private static OfferEvent assign(final String eventId, final String offerCode) {
        return new OfferEvent(eventId, "u-1", EventType.OFFER_ASSIGNED, offerCode, Instant.parse("2026-11-20T08:00:00Z"), null);
    }

    /** The event as it comes out of the intake step, read from partition 3 at {@code offset}. */
    private Record<String, Envelope> record(final OfferEvent event, final long offset) {
        final byte[] value = Events.assigned(event.eventId(), event.userId(), event.offerCode(), event.occurredAt().toString()).bytes();
        context.setRecordMetadata("user-offers", 3, offset);
        context.setCurrentStreamTimeMs(NOW.toEpochMilli() + offset);
        return new Record<>(event.userId(), new Envelope(event, bytes(event.userId()), value, new SourcePosition("user-offers", 3, offset)),
                NOW.toEpochMilli() + offset);
    }

    private List<Result<StateChange>> forwarded() {
        return context.forwarded().stream().map(forward -> (Result<StateChange>) forward.record().value()).toList();
    }

    private static DeadLetter deadLetter(final Result<StateChange> result) {
        assertThat(result).isInstanceOf(Result.Failed.class);
        return result.deadLetters().get(0);
    }

    private static StateChange stateChange(final Result<StateChange> result) {
        assertThat(result).isInstanceOf(Result.Ok.class);
        return result.values().get(0);
    }

    private KeyValueStore<String, OfferState> stateStore() {
        return context.getStateStore(OfferEventProcessorSupplier.STATE_STORE);
    }

    private List<String> rememberedIds() {
        final WindowStore<String, RememberedEvent> dedup = context.getStateStore(OfferEventProcessorSupplier.DEDUP_STORE);
        try (KeyValueIterator<Windowed<String>, RememberedEvent> all = dedup.all()) {
            final List<String> ids = new ArrayList<>();
            all.forEachRemaining(entry -> ids.add(entry.key.key()));
            return ids;
        }
    }
}
