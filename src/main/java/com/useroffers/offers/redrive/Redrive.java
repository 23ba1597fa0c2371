package com.useroffers.offers.redrive;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.KafkaFaults;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.pipeline.RedriveHeaders;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.runtime.TransactionalCopy;
import com.useroffers.offers.run.StartupChecks;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Sends chosen dead letters back to the input topic, exactly once: a {@link TransactionalCopy} from the
 * dead-letter topic, whose every transaction holds both the records it produced and the redrive group's
 * new positions. So a dead letter is sent at most once, whatever happens, and a run that completes has
 * sent every one it selected.
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

    private final OffersConfig config;
    private final Selection selection;
    private final int maxAttempts;
    private final boolean dryRun;
    private final PrintWriter out;
    private final ShutdownSignal signal;
    private final String groupId;
    /** The input's partition count, for a dead letter's original partition; 0 in a dry run. */
    private int inputPartitions;

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
        final TransactionalCopy copy = new TransactionalCopy(ClientSettings.consumer(config, groupId, groupId),
                dryRun ? null : ClientSettings.transactionalProducer(config, groupId), signal, config.startupTimeout());
        try {
            return copy.run(this::positionsToRead, new DeadLetters(tally)) == TransactionalCopy.Outcome.DONE
                    ? done(tally) : stopped(tally);
        } catch (final KafkaException e) {
            throw failure(e, tally);
        }
    }

    /** Assigns and seeks the partitions to read; {@code null} when stopped meanwhile. */
    private Map<TopicPartition, Long> positionsToRead(final Consumer<byte[], byte[]> consumer,
                                                     final Producer<byte[], byte[]> producer) {
        inputPartitions = producer == null ? 0 : producer.partitionsFor(config.inputTopic()).size();
        final ReadPlan plan = ReadPlan.assign(consumer, config.dlqTopic(), selection);
        if (signal.isRequested()) {
            return null;
        }
        out.println("redrive: about " + plan.toRead() + " dead letters to read in " + plan.stops().size() + " of "
                + plan.partitions() + " partitions");
        out.flush();
        return plan.stops();
    }

    /** Selects, counts and rewrites each dead letter read; a batch's counts join the tally once it is committed. */
    private final class DeadLetters implements TransactionalCopy.Records {
        private final Tally tally;
        private Tally batch = new Tally();

        DeadLetters(final Tally tally) {
            this.tally = tally;
        }

        @Override
        public ProducerRecord<byte[], byte[]> toSend(final ConsumerRecord<byte[], byte[]> deadLetter) {
            final String reason = RedriveRecords.reason(deadLetter);
            final int redrives = RedriveHeaders.count(deadLetter.headers());
            final Selection.Choice choice = selection.choose(reason, deadLetter.timestamp(),
                    deadLetter.partition(), deadLetter.offset(), redrives, maxAttempts);
            batch.count(reason, choice);
            return choice == Selection.Choice.SEND
                    ? RedriveRecords.toInput(deadLetter, config.inputTopic(), inputPartitions, redrives + 1) : null;
        }

        @Override
        public void committed() {
            tally.addAll(batch);
            batch = new Tally();
        }

        @Override
        public void progress(final int partitionsLeft) {
            out.println("redrive: " + tally.read() + " dead letters read, " + tally.total(Selection.Choice.SEND) + " "
                    + sent() + ", " + partitionsLeft + " partitions to go");
            out.flush();
        }

        @Override
        public RunFailure stalled(final int partitionsLeft) {
            return new RunFailure(ExitCodes.NO_BROKER, "redrive failed: no dead letter of '" + config.dlqTopic()
                    + "' could be read for " + config.startupTimeout() + " (offers.startup.timeout) with " + partitionsLeft
                    + " partitions still to read; check that the brokers are reachable, then run redrive again; "
                    + tally.total(Selection.Choice.SEND) + " dead letters were sent and committed before");
        }
    }

    private int done(final Tally tally) {
        out.println("redrive " + (dryRun ? "dry run done (nothing written)" : "done") + ": " + totals(tally));
        tally.lines(sent()).forEach(out::println);
        out.flush();
        return ExitCodes.OK;
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
