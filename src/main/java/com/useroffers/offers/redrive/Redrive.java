package com.useroffers.offers.redrive;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.KafkaFaults;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.pipeline.RedriveHeaders;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.run.StartupChecks;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Sends chosen dead letters back to the input topic, exactly once: a consume-transform-produce loop
 * whose every transaction holds both the records it produced and the redrive group's new positions
 * in the dead-letter topic ({@code sendOffsetsToTransaction}). A run that is killed leaves at most an
 * open transaction, which the next run's {@code initTransactions} aborts; it then goes on from the
 * last committed positions. So a dead letter is sent at most once, whatever happens, and a run that
 * completes has sent every one it selected.
 *
 * <p>A run reads, per partition, from the group's position (or the start of the range asked for, if
 * later) to the end as of its start (or the end of the range, if earlier): bounded, it never waits for
 * new dead letters. Those it reads but does not select are passed over for good: the group's position
 * moves past them.
 *
 * <p>The consumer group and the {@code transactional.id} are both {@link #groupId}: one redrive of an
 * application runs at a time (a second one fences the first).
 */
public final class Redrive {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final OffersConfig config;
    private final Selection selection;
    private final int maxAttempts;
    private final boolean dryRun;
    private final PrintWriter out;
    private final ShutdownSignal signal;
    private final String groupId;

    public Redrive(final OffersConfig config, final Selection selection, final int maxAttempts, final boolean dryRun,
                   final PrintWriter out, final ShutdownSignal signal) {
        this.config = config;
        this.selection = selection;
        this.maxAttempts = maxAttempts;
        this.dryRun = dryRun;
        this.out = out;
        this.signal = signal;
        this.groupId = AclPlan.Names.of(config).redriveGroupId();
    }

    /**
     * @return {@link ExitCodes#OK} when done, {@link ExitCodes#STOPPED} when stopped on request first
     * @throws RunFailure with the exit code of a failure, its open transaction aborted
     */
    public int run() {
        final Map<String, String> topics = new LinkedHashMap<>();
        topics.put("dead-letter", config.dlqTopic());
        topics.put("input", config.inputTopic());
        final StartupChecks checks = new StartupChecks(ClientSettings.admin(config, groupId + "-check"), config.startupTimeout(), signal)
                .forCommand(AclCommand.REDRIVE, AclPlan.Names.of(config));
        if (!checks.verify(topics)) {
            return stopped(new Tally());
        }
        out.println("redrive" + (dryRun ? " (dry run: nothing is written)" : "") + ": dead letters of '" + config.dlqTopic()
                + "' to '" + config.inputTopic() + "', consumer group and transactional.id '" + groupId + "'; selected: "
                + selection + "; max attempts " + maxAttempts);
        out.flush();
        final Tally tally = new Tally();
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientSettings.consumer(config, groupId, groupId))) {
            // A stop wakes a consumer call up at once (WakeupException), rather than after its timeout.
            final CompletableFuture<Void> wakeOnStop = signal.requested().thenRun(consumer::wakeup);
            try {
                // First: initTransactions aborts what a killed run left open, which holds back the group's offsets
                // (a read_committed consumer waits for pending transactional offsets before it reads them).
                final Producer<byte[], byte[]> producer = dryRun ? null : initProducer();
                try {
                    final Map<TopicPartition, Long> stops = positionsToRead(consumer);
                    if (stops == null) {
                        return stopped(tally);
                    }
                    return loop(consumer, producer, stops, tally);
                } finally {
                    if (producer != null) {
                        producer.close(CLOSE_TIMEOUT);
                    }
                }
            } catch (final WakeupException e) {
                return stopped(tally);
            } finally {
                wakeOnStop.cancel(false);
            }
        } catch (final KafkaException e) {
            throw failure(e, tally);
        }
    }

    /** The transactional producer, after {@code initTransactions} (which aborts what a killed run left open). */
    private Producer<byte[], byte[]> initProducer() {
        final Producer<byte[], byte[]> producer = new KafkaProducer<>(ClientSettings.transactionalProducer(config, groupId));
        try {
            producer.initTransactions();
            return producer;
        } catch (final KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Assigns and seeks the partitions to read; {@code null} when stopped meanwhile. */
    private Map<TopicPartition, Long> positionsToRead(final Consumer<byte[], byte[]> consumer) {
        final ReadPlan plan = ReadPlan.assign(consumer, config.dlqTopic(), selection);
        if (signal.isRequested()) {
            return null;
        }
        out.println("redrive: about " + plan.toRead() + " dead letters to read in " + plan.stops().size() + " of "
                + plan.partitions() + " partitions");
        out.flush();
        return plan.stops();
    }

    private int loop(final Consumer<byte[], byte[]> consumer, final Producer<byte[], byte[]> producer,
                     final Map<TopicPartition, Long> stops, final Tally tally) {
        final int inputPartitions = producer == null ? 0 : producer.partitionsFor(config.inputTopic()).size();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        final Stall stall = new Stall(config.startupTimeout());
        while (!stops.isEmpty()) {
            if (signal.isRequested()) {
                return stopped(tally);
            }
            final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            final Tally batch = new Tally();
            final Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            boolean open = false;
            try {
                for (final TopicPartition partition : records.partitions()) {
                    final Long stop = stops.get(partition);
                    if (stop == null) {
                        continue; // reached its stop already (fetched before it was paused)
                    }
                    for (final ConsumerRecord<byte[], byte[]> deadLetter : records.records(partition)) {
                        if (deadLetter.offset() >= stop) {
                            break;
                        }
                        if (signal.isRequested()) {
                            abort(producer, open);
                            return stopped(tally);
                        }
                        final String reason = RedriveRecords.reason(deadLetter);
                        final int redrives = RedriveHeaders.count(deadLetter.headers());
                        final Selection.Choice choice = selection.choose(reason, deadLetter.timestamp(),
                                deadLetter.partition(), deadLetter.offset(), redrives, maxAttempts);
                        if (choice == Selection.Choice.SEND && producer != null) {
                            if (!open) {
                                producer.beginTransaction();
                                open = true;
                            }
                            producer.send(RedriveRecords.toInput(deadLetter, config.inputTopic(), inputPartitions, redrives + 1));
                        }
                        batch.count(reason, choice);
                        positions.put(partition, new OffsetAndMetadata(deadLetter.offset() + 1));
                    }
                }
                if (producer != null && !positions.isEmpty()) {
                    if (!open) {
                        producer.beginTransaction();
                        open = true;
                    }
                    producer.sendOffsetsToTransaction(positions, consumer.groupMetadata());
                    producer.commitTransaction();
                    open = false;
                }
            } catch (final KafkaException e) {
                abort(producer, open);
                throw e;
            }
            tally.addAll(batch);
            long positionSum = 0;
            for (final TopicPartition partition : List.copyOf(stops.keySet())) {
                final long position = consumer.position(partition);
                positionSum += position;
                if (position >= stops.get(partition)) {
                    stops.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
            if (!stops.isEmpty() && stall.noProgressFor(positionSum, stops.size())) {
                throw new RunFailure(ExitCodes.NO_BROKER, "redrive failed: no dead letter of '" + config.dlqTopic()
                        + "' could be read for " + config.startupTimeout() + " (offers.startup.timeout) with " + stops.size()
                        + " partitions still to read; check that the brokers are reachable, then run redrive again; "
                        + tally.total(Selection.Choice.SEND) + " dead letters were sent and committed before");
            }
            if (System.nanoTime() - nextProgress >= 0) {
                out.println("redrive: " + tally.read() + " dead letters read, " + tally.total(Selection.Choice.SEND) + " "
                        + sent() + ", " + stops.size() + " partitions to go");
                out.flush();
                nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
        }
        out.println("redrive " + (dryRun ? "dry run done (nothing written)" : "done") + ": " + totals(tally));
        tally.lines(sent()).forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }

    /** Whether reading has stalled: no position moved (and no partition finished) for the whole timeout. */
    private static final class Stall {
        private final long timeoutNanos;
        private long lastPositionSum = -1;
        private int lastRemaining = -1;
        private long lastMove = System.nanoTime();

        Stall(final Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
        }

        boolean noProgressFor(final long positionSum, final int remaining) {
            if (positionSum != lastPositionSum || remaining != lastRemaining) {
                lastPositionSum = positionSum;
                lastRemaining = remaining;
                lastMove = System.nanoTime();
                return false;
            }
            return System.nanoTime() - lastMove > timeoutNanos;
        }
    }

    /** Aborts the open transaction, if any; a failure to abort changes nothing (the next run's initTransactions aborts it). */
    private static void abort(final Producer<byte[], byte[]> producer, final boolean open) {
        if (producer != null && open) {
            try {
                producer.abortTransaction();
            } catch (final KafkaException e) {
                // fenced or broker gone: the transaction times out or the next run aborts it
            }
        }
    }

    private int stopped(final Tally tally) {
        out.println("redrive stopped by " + signal.reason() + ": " + totals(tally) + (dryRun ? "" : " (committed)")
                + "; run redrive again to go on from there");
        tally.lines(sent()).forEach(out::println);
        out.flush();
        return ExitCodes.STOPPED;
    }

    private String sent() {
        return dryRun ? "would be sent" : "sent";
    }

    private String totals(final Tally tally) {
        return tally.read() + " dead letters read, " + tally.total(Selection.Choice.SEND) + " " + sent() + " to '"
                + config.inputTopic() + "', " + tally.total(Selection.Choice.SKIP_AT_MAX_ATTEMPTS) + " skipped at max attempts ("
                + maxAttempts + "), " + tally.total(Selection.Choice.NOT_SELECTED) + " not selected";
    }

    /** One line with the cause and what to do, and the exit code of the cause; what was committed before stays. */
    private RunFailure failure(final KafkaException e, final Tally tally) {
        final String done = "; " + tally.total(Selection.Choice.SEND) + " dead letters were sent and committed before";
        if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
            return new RunFailure(ExitCodes.FAILED, "redrive stopped: another redrive of this application started"
                    + " (transactional.id '" + groupId + "') and fenced this one; only one may run at a time" + done, e);
        }
        final int code = KafkaFaults.exitCodeOfCall(e, ExitCodes.FAILED);
        final String hint = switch (code) {
            case ExitCodes.NO_BROKER -> dryRun
                    ? "; check that the brokers are reachable; a redrive killed within transaction.timeout.ms (1 min) also holds"
                            + " the group's offsets until its transaction times out: run redrive without --dry-run (it aborts it)"
                            + " or wait, then run it again"
                    : "; check that the brokers are reachable, then run redrive again";
            case ExitCodes.NOT_AUTHORIZED -> "; grant the ACLs redrive needs (see the operations guide)";
            case ExitCodes.AUTHENTICATION_FAILED -> "; check the credentials";
            case ExitCodes.TOPIC_MISSING -> "; create it with topics.sh";
            default -> "; run redrive again";
        };
        return new RunFailure(code, "redrive failed: " + Causes.rootMessage(e) + hint + done, e);
    }
}
