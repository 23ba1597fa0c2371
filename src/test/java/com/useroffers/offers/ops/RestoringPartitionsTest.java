package com.useroffers.offers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The restore listener's count: a partition restores from its start until it ends or is suspended. */
class RestoringPartitionsTest {

    private static final String STORE = "offers-state-store";
    private static final TopicPartition P0 = new TopicPartition("app-offers-state-store-changelog", 0);
    private static final TopicPartition P1 = new TopicPartition("app-offers-state-store-changelog", 1);
    private static final TopicPartition DEDUP_P0 = new TopicPartition("app-offers-dedup-store-changelog", 0);

    private final RestoringPartitions restoring = new RestoringPartitions();

    @Test
    void shouldCountNothingBeforeAnyRestoration() {
        assertThat(restoring.count()).isZero();
    }

    @Test
    void shouldCountEachPartitionFromItsStartUntilItsEnd() {
        // Given: three changelog partitions start restoring, two stores of one task among them
        restoring.onRestoreStart(P0, STORE, 0, 1000);
        restoring.onRestoreStart(P1, STORE, 0, 500);
        restoring.onRestoreStart(DEDUP_P0, "offers-dedup-store", 0, 2000);
        assertThat(restoring.count()).isEqualTo(3);

        // When: batches arrive, then one partition ends
        restoring.onBatchRestored(P0, STORE, 499, 500);
        restoring.onBatchRestored(P1, STORE, 499, 500);
        restoring.onRestoreEnd(P1, STORE, 500);

        // Then
        assertThat(restoring.count()).isEqualTo(2);

        // When: the others end
        restoring.onRestoreEnd(P0, STORE, 1000);
        restoring.onRestoreEnd(DEDUP_P0, "offers-dedup-store", 2000);

        // Then
        assertThat(restoring.count()).isZero();
    }

    @Test
    void shouldStopCountingAPartitionWhoseRestorationIsSuspended() {
        // Given: a restoration under way
        restoring.onRestoreStart(P0, STORE, 0, 1000);

        // When: its task is revoked (or found corrupted) before the end
        restoring.onRestoreSuspended(P0, STORE, 300);

        // Then
        assertThat(restoring.count()).isZero();
    }

    @Test
    void shouldCountARestartedRestorationOnce() {
        // Given: a corrupted task's restoration is suspended and starts again from scratch
        restoring.onRestoreStart(P0, STORE, 0, 1000);
        restoring.onRestoreSuspended(P0, STORE, 300);
        restoring.onRestoreStart(P0, STORE, 0, 1000);

        // When: a second start for the same partition, without an end in between (never harmful)
        restoring.onRestoreStart(P0, STORE, 0, 1000);

        // Then
        assertThat(restoring.count()).isEqualTo(1);
        restoring.onRestoreEnd(P0, STORE, 1000);
        assertThat(restoring.count()).isZero();
    }

    @Test
    void shouldForgetARestorationWhoseThreadHasEnded() throws InterruptedException {
        // Given: a restoration started on a thread that then dies without an end or a suspension
        // (Kafka Streams drops a dead stream thread's restorations without telling the listener)
        final Thread dying = new Thread(() -> restoring.onRestoreStart(P0, STORE, 0, 1000), "StreamThread-1-StateUpdater-1");
        dying.start();
        dying.join(10_000);
        restoring.onRestoreStart(P1, STORE, 0, 1000); // another, on a live thread

        // When / Then: only the live thread's restoration counts
        assertThat(dying.isAlive()).isFalse();
        assertThat(restoring.count()).isEqualTo(1);

        // and the dead thread's partition, restored again by a new thread, counts again
        restoring.onRestoreStart(P0, STORE, 0, 1000);
        assertThat(restoring.count()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreAnEndForAPartitionItNeverSawStart() {
        // When: e.g. the listener was registered late
        restoring.onRestoreEnd(P0, STORE, 10);

        // Then
        assertThat(restoring.count()).isZero();
    }
}
