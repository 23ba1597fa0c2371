package com.useroffers.offers.copy;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.KafkaFaults;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.runtime.TransactionalCopy;
import com.useroffers.offers.run.StartupChecks;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Copies the input topic into another one, exactly once (a {@link TransactionalCopy}), for a change of
 * partition count (docs/OPERATIONS.md, "Scaling partitions"). Each record goes with its key, value,
 * timestamp and headers, to the partition Kafka's default partitioner gives its key (murmur2 of the key
 * modulo the target's partition count, as the application's producers place records). A user's records
 * sit in one source partition, read in offset order, and a producer keeps the order of what it sends to
 * one partition, so each user's records land in one target partition in their order.
 *
 * <p>Like {@code redrive}: read {@code read_committed}, and every transaction holds the copies it
 * produced and the group's new positions in the source, so a killed or stopped run copies nothing twice
 * and the next one goes on from the last commit. A run reads up to the end as of its start and exits:
 * run it again to copy what arrived since (the last time after the writers have stopped). The group and
 * the {@code transactional.id} are both {@code <application.id>-copy-input}: one copy of an application
 * runs at a time.
 *
 * <p>A first run (the group has no position) refuses a target that already holds records: copying into
 * it would put a second copy after the first.
 */
public final class InputCopy {

    private final OffersConfig config;
    private final String target;
    private final ShutdownSignal signal;
    private long copied;

    public InputCopy(final OffersConfig config, final String target, final ShutdownSignal signal) {
        this.config = config;
        this.target = target;
        this.signal = signal;
    }

    /** The consumer group and transactional id: {@code <application.id>-copy-input}. */
    private String groupId() {
        return AclPlan.Names.of(config).copyGroupId();
    }

    /**
     * @return {@link ExitCodes#OK} when done, {@link ExitCodes#STOPPED} when stopped on request first
     * @throws RunFailure with the exit code of a failure, its open transaction aborted
     */
    public int run(final PrintWriter out) {
        final Map<String, String> topics = new LinkedHashMap<>();
        topics.put("input", config.inputTopic());
        topics.put("target", target);
        final StartupChecks checks = new StartupChecks(ClientSettings.admin(config, groupId() + "-check"), config.startupTimeout(),
                signal).forCommand(AclCommand.COPY_INPUT, AclPlan.Names.of(config).copyingTo(target));
        if (!checks.verify(topics)) {
            return stopped(out);
        }
        final TransactionalCopy copy = new TransactionalCopy(ClientSettings.consumer(config, groupId(), groupId()),
                ClientSettings.transactionalProducer(config, groupId()), signal, config.startupTimeout());
        try {
            return copy.run((consumer, producer) -> plan(consumer, producer, out), new Copies(out))
                    == TransactionalCopy.Outcome.DONE ? done(out) : stopped(out);
        } catch (final KafkaException e) {
            throw failure(e);
        }
    }

    /**
     * Assigns the source partitions still to copy, each seeked to the group's position (or its beginning),
     * and returns the offset each stops at: its end as of now (read_committed: the last stable offset).
     */
    private Map<TopicPartition, Long> plan(final Consumer<byte[], byte[]> consumer, final Producer<byte[], byte[]> producer,
                                           final PrintWriter out) {
        final int targetPartitions = producer.partitionsFor(target).size();
        final int sourcePartitions = consumer.partitionsFor(config.inputTopic()).size();
        final List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < sourcePartitions; partition++) {
            partitions.add(new TopicPartition(config.inputTopic(), partition));
        }
        final Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        if (committed.values().stream().allMatch(position -> position == null)) {
            refuseNonEmptyTarget(consumer);
        }
        final Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        final Map<TopicPartition, Long> stops = new LinkedHashMap<>();
        final Map<TopicPartition, Long> starts = new HashMap<>();
        long toCopy = 0;
        for (final TopicPartition partition : partitions) {
            final OffsetAndMetadata done = committed.get(partition);
            final long start = Math.max(beginnings.get(partition), done == null ? 0 : done.offset());
            if (start < ends.get(partition)) {
                stops.put(partition, ends.get(partition));
                starts.put(partition, start);
                toCopy += ends.get(partition) - start;
            }
        }
        consumer.assign(stops.keySet());
        starts.forEach(consumer::seek);
        out.println("copy-input: '" + config.inputTopic() + "' (" + sourcePartitions + " partitions) to '" + target + "' ("
                + targetPartitions + " partitions), consumer group and transactional.id '" + groupId() + "'; about " + toCopy
                + " records to copy from " + stops.size() + " partitions");
        out.flush();
        return stops;
    }

    /**
     * Throws {@link ExitCodes#REFUSED} when the target holds anything: a first copy would follow it. What a
     * first run killed before its first commit left (aborted records) counts too: the line says so.
     */
    private void refuseNonEmptyTarget(final Consumer<byte[], byte[]> consumer) {
        final List<TopicPartition> partitions = consumer.partitionsFor(target).stream()
                .map(info -> new TopicPartition(target, info.partition())).toList();
        final long held = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        if (held > 0) {
            throw new RunFailure(ExitCodes.REFUSED, "copy-input refused: '" + target + "' already holds records (" + held
                    + " offsets) and consumer group '" + groupId() + "' has copied nothing yet, so a copy would follow them:"
                    + " copy into a new, empty topic (delete and re-create it if only a copy-input killed before its first"
                    + " commit wrote there)");
        }
    }

    /** Each record as it is, to the partition of its key. */
    private final class Copies implements TransactionalCopy.Records {
        private final PrintWriter out;
        private long batch;

        Copies(final PrintWriter out) {
            this.out = out;
        }

        @Override
        public ProducerRecord<byte[], byte[]> toSend(final ConsumerRecord<byte[], byte[]> record) {
            batch++;
            // No partition: the default partitioner places the record by its key.
            return new ProducerRecord<>(target, null, record.timestamp(), record.key(), record.value(), record.headers());
        }

        @Override
        public void committed() {
            copied += batch;
            batch = 0;
        }

        @Override
        public void progress(final int partitionsLeft) {
            out.println("copy-input: " + copied + " records copied, " + partitionsLeft + " partitions to go");
            out.flush();
        }

        @Override
        public RunFailure stalled(final int partitionsLeft) {
            return noProgress("no record of '" + config.inputTopic() + "' could be read", partitionsLeft);
        }
    }

    private int done(final PrintWriter out) {
        out.println("copy-input done: " + copied + " records copied to '" + target + "' (committed); run it again to copy"
                + " what arrived since");
        out.flush();
        return ExitCodes.OK;
    }

    private RunFailure noProgress(final String what, final int partitions) {
        return new RunFailure(ExitCodes.NO_BROKER, "copy-input failed: " + what + " for " + config.startupTimeout()
                + " (offers.startup.timeout) with " + partitions + " partitions still to read; check that the brokers are"
                + " reachable, then run copy-input again; " + copied + " records were copied and committed before");
    }

    private int stopped(final PrintWriter out) {
        out.println("copy-input stopped by " + signal.reason() + ": " + copied + " records copied to '" + target
                + "' (committed); run copy-input again to go on from there");
        out.flush();
        return ExitCodes.STOPPED;
    }

    /** One line with the cause and what to do, and the exit code of the cause; what was committed before stays. */
    private RunFailure failure(final KafkaException e) {
        final String done = "; " + copied + " records were copied and committed before";
        if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
            return new RunFailure(ExitCodes.FAILED, "copy-input stopped: another copy-input of this application started"
                    + " (transactional.id '" + groupId() + "') and fenced this one; only one may run at a time" + done, e);
        }
        final int code = KafkaFaults.exitCodeOfCall(e, ExitCodes.FAILED);
        final String hint = switch (code) {
            case ExitCodes.NO_BROKER -> "; check that the brokers are reachable, then run copy-input again";
            case ExitCodes.NOT_AUTHORIZED -> "; grant the ACLs copy-input needs: acls --for copy-input";
            case ExitCodes.AUTHENTICATION_FAILED -> "; check the credentials";
            case ExitCodes.TOPIC_MISSING -> "; create it with topics.sh";
            default -> "; run copy-input again";
        };
        return new RunFailure(code, "copy-input failed: " + Causes.rootMessage(e) + hint + done, e);
    }
}
