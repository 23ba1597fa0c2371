package com.useroffers.offers.bench;

import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

/**
 * Recovery after a crash (the contract's Availability rules): the application with ~{@code ids} remembered
 * ids per instance, input flowing at a steady rate; one instance is SIGKILLed and restarted at once, on
 * the same state directory and with the same {@code group.instance.id} (as a Kubernetes StatefulSet
 * restarts a pod). Measured: the time from the kill until every input partition has committed again
 * (the group's committed offset of each partition has moved past where it was at the kill, polled every
 * 50 ms), i.e. until no user's output is frozen any more. Then a clean stop (SIGTERM) and start: how many
 * records the restarted instance restores.
 *
 * <p>Each instance gets {@code group.instance.id=<appId>-<n>} as the Kubernetes example gives the pod name;
 * a setting {@code group.instance.id=} (empty) in a variant leaves it out (dynamic membership).
 */
final class RecoveryBench {

    /** Input rate while measuring: every partition gets new records many times a second. */
    private static final int RATE = 1000;
    /** No recovery is waited for longer than this: past it the figure is reported as "> 120 s". */
    private static final Duration MAX_RECOVERY = Duration.ofSeconds(120);
    /** After start and after each recovery: the group settles and standbys catch up before the next kill. */
    private static final Duration SETTLE = Duration.ofSeconds(15);

    /**
     * One kill (or clean stop) and restart: {@code seconds} from the signal until every partition committed
     * again, split into signal to the new JVM's start, JVM start to RUNNING, RUNNING to every partition committing.
     */
    record Recovery(double seconds, double toJvmSeconds, double jvmToRunningSeconds, double runningToCommitsSeconds,
                    double restored, double restoreSeconds) {
    }

    /** How long a SIGTERM took to end an instance: after a clean run, and right after a kill -9 and restart. */
    record Stops(double afterRun, double afterCrash) {
    }

    /** Seconds from a restart to the SIGTERM that {@link #measure} sends right after it: during JVM start and joining. */
    private static final long SIGTERM_AFTER_RESTART_MS = 2_000;

    private Stops stops = new Stops(-1, -1);

    private final OffersBench bench;
    private final KafkaCluster cluster;

    RecoveryBench(final OffersBench bench) {
        this.bench = bench;
        this.cluster = bench.cluster();
    }

    /**
     * One contender, one case: {@code instances} instances (standbys when more than one), {@code ids}
     * remembered ids per instance, {@code kills} SIGKILL-and-restart cycles of the instance owning the most
     * input partitions, then one clean stop and start of it; with more than one instance, finally a kill of it without a restart (the others take
     * over). Returns the kill recoveries, the clean restart, then the take-over if measured.
     */
    List<Recovery> measure(final String name, final int instances, final long ids, final int kills,
                           final List<String> settings) throws Exception {
        final String appId = "rec-" + name + "-" + instances;
        final String input = appId + "-in";
        final String out = appId + "-state";
        final String dlq = appId + "-dlq";
        TopicRecords.createTopics(cluster, 6, bench.replication(), input, out, dlq);
        DedupPreload.write(cluster, bench.replication(), appId, ids * instances);
        OffersBench.awaitLeaders(cluster, input);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread feeder = new Thread(() -> feed(input, stop), "recovery-feeder");
        feeder.start();
        final List<Child> running = new ArrayList<>();
        final List<Recovery> recoveries = new ArrayList<>();
        try (Admin admin = cluster.admin()) {
            for (int n = 0; n < instances; n++) {
                running.add(start(appId, n, instances, input, out, dlq, settings));
            }
            for (final Child child : running) {
                child.awaitLine("READY", Duration.ofMinutes(5));
            }
            settle(admin, appId, input);
            for (int k = 1; k <= kills + 1; k++) {
                final boolean clean = k == kills + 1;
                final int victim = busiest(admin, appId, input, instances);
                final long stoppedAt = System.nanoTime();
                final long stoppedAtMs = System.currentTimeMillis();
                if (clean) {
                    final double stopSeconds = running.get(victim).terminate();
                    stops = new Stops(stopSeconds, stops.afterCrash());
                    bench.line(String.format(Locale.ROOT, "  %s, %d instance(s): SIGTERM ended the instance after %.2f s",
                            name, instances, stopSeconds));
                } else {
                    running.get(victim).kill();
                }
                // Taken once the process is gone: a clean close commits, and a commit just before a kill must
                // not count as the recovery's.
                final Map<TopicPartition, Long> before = committed(admin, appId);
                final Child again = start(appId, victim, instances, input, out, dlq, settings);
                running.set(victim, again);
                final double seconds = awaitAllMoved(admin, appId, before, stoppedAt);
                again.awaitLine("READY", Duration.ofMinutes(5));
                final Map<String, Double> r = again.result();
                final double toJvm = (r.get("jvm_start_ms") - stoppedAtMs) / 1e3;
                final double jvmToRunning = (r.get("running_ms") - r.get("jvm_start_ms")) / 1e3;
                final Recovery recovery = new Recovery(seconds, toJvm, jvmToRunning, seconds - toJvm - jvmToRunning,
                        r.get("restored"), r.get("restore_s"));
                recoveries.add(recovery);
                bench.line(String.format(Locale.ROOT, "  %s, %d instance(s), %s %d: every partition committing again after %s"
                                + " (signal to new JVM %.2f s, JVM start to RUNNING %.2f s, RUNNING to all committing %.2f s);"
                                + " %.0f records restored in %.2f s",
                        name, instances, clean ? "clean stop + start" : "kill -9 + restart", clean ? 1 : k,
                        seconds < 0 ? "> " + MAX_RECOVERY.toSeconds() + " s" : String.format(Locale.ROOT, "%.2f s", seconds),
                        toJvm, jvmToRunning, recovery.runningToCommitsSeconds(), recovery.restored(), recovery.restoreSeconds()));
                settle(admin, appId, input);
            }
            stops = new Stops(stops.afterRun(), sigtermRightAfterACrash(admin, appId, instances, input, out, dlq, settings, running));
            bench.line(String.format(Locale.ROOT, "  %s, %d instance(s): SIGTERM %d ms after a kill -9 and restart ended the instance after %.2f s",
                    name, instances, SIGTERM_AFTER_RESTART_MS, stops.afterCrash()));
            if (instances > 1) {
                // The instance does not come back: the others take its tasks over (from their standbys) once
                // its session times out.
                final int victim = busiest(admin, appId, input, instances);
                final long stoppedAt = System.nanoTime();
                running.get(victim).kill();
                final Map<TopicPartition, Long> before = committed(admin, appId);
                final double seconds = awaitAllMoved(admin, appId, before, stoppedAt);
                recoveries.add(new Recovery(seconds, 0, 0, 0, 0, 0));
                bench.line(String.format(Locale.ROOT, "  %s, %d instances, kill -9 without restart: every partition committing again after %s",
                        name, instances, seconds < 0 ? "> " + MAX_RECOVERY.toSeconds() + " s" : String.format(Locale.ROOT, "%.2f s", seconds)));
            }
        } finally {
            stop.set(true);
            feeder.join(10_000);
            for (final Child child : running) {
                child.terminate();
            }
        }
        return recoveries;
    }

    /** The SIGTERM figures of the last {@link #measure}. */
    Stops stops() {
        return stops;
    }

    /**
     * The busiest instance killed, restarted, and sent SIGTERM {@link #SIGTERM_AFTER_RESTART_MS} later (while it
     * starts, joins or restores); returns the seconds the SIGTERM took to end it, and leaves it running again, settled.
     */
    private double sigtermRightAfterACrash(final Admin admin, final String appId, final int instances, final String input,
                                           final String out, final String dlq, final List<String> settings,
                                           final List<Child> running) throws Exception {
        final int victim = busiest(admin, appId, input, instances);
        running.get(victim).kill();
        final Child restarted = start(appId, victim, instances, input, out, dlq, settings);
        running.set(victim, restarted);
        KafkaCluster.sleep(SIGTERM_AFTER_RESTART_MS);
        final double seconds = restarted.terminate();
        final Child again = start(appId, victim, instances, input, out, dlq, settings);
        running.set(victim, again);
        again.awaitLine("READY", Duration.ofMinutes(5));
        settle(admin, appId, input);
        return seconds;
    }

    /**
     * Waits {@link #SETTLE}, then (bounded: 5 min) until every partition has a committed offset within one
     * second of input of its end: the group is stable and caught up (and, with standbys, so are they, mostly).
     */
    private static void settle(final Admin admin, final String groupId, final String input) throws Exception {
        KafkaCluster.sleep(SETTLE.toMillis());
        final long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            final Map<TopicPartition, Long> ends = TopicRecords.endOffsets(admin, input);
            final Map<TopicPartition, Long> committed = committed(admin, groupId);
            if (ends.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), -1L) >= e.getValue() - RATE / 6)) {
                return;
            }
            KafkaCluster.sleep(200);
        }
        throw new IllegalStateException("group " + groupId + " not caught up within 5 min of settling");
    }

    /**
     * The instance that owns the most input partitions now (the one whose crash costs most): with standbys
     * a restarted instance may own none until Kafka Streams moves its tasks back, and killing it would
     * measure nothing. Members are matched to instances by the process id in each state directory.
     */
    private int busiest(final Admin admin, final String groupId, final String input, final int instances) throws Exception {
        final Map<String, Integer> owned = owned(admin, groupId, input);
        int busiest = 0;
        int most = -1;
        for (int n = 0; n < instances; n++) {
            final String processId = bench.processId(groupId, n);
            final int count = owned.entrySet().stream().filter(e -> e.getKey().contains(processId))
                    .mapToInt(Map.Entry::getValue).sum();
            if (count > most) {
                most = count;
                busiest = n;
            }
        }
        return busiest;
    }

    /**
     * Input partitions owned by each member: keyed by client id (which holds the process id) in a classic group, by
     * the process id in a streams group (group.protocol=streams, KIP-1071), which the consumer-group call does not
     * describe. With one sub-topology, a task's partition is the input partition of the same number.
     */
    private static Map<String, Integer> owned(final Admin admin, final String groupId, final String input) throws Exception {
        final Map<String, Integer> owned = new HashMap<>();
        ConsumerGroupDescription group;
        try {
            group = admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get(10, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            group = null; // not a consumer group: a streams group
        }
        if (group != null && group.type() == GroupType.CLASSIC) {
            group.members().forEach(member -> owned.merge(member.clientId(), (int) member.assignment().topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(input)).count(), Integer::sum));
            return owned;
        }
        admin.describeStreamsGroups(List.of(groupId)).describedGroups().get(groupId).get(10, TimeUnit.SECONDS).members()
                .forEach(member -> owned.merge(member.processId(), member.assignment().activeTasks().stream()
                        .mapToInt(tasks -> tasks.partitions().size()).sum(), Integer::sum));
        return owned;
    }

    private Child start(final String appId, final int n, final int instances, final String input, final String out,
                        final String dlq, final List<String> settings) {
        final List<String> all = new ArrayList<>(List.of(
                "group.instance.id=" + appId + "-" + n,
                "num.standby.replicas=" + (instances > 1 ? 1 : 0)));
        all.addAll(settings);
        return bench.startInstance(appId, n, input, out, dlq, all);
    }

    /** Seconds from {@code since} until every partition's committed offset is past {@code before}; -1 past the bound. */
    private double awaitAllMoved(final Admin admin, final String groupId, final Map<TopicPartition, Long> before,
                                 final long since) throws Exception {
        final long deadline = since + MAX_RECOVERY.toNanos();
        final Map<Integer, Double> movedAt = new java.util.TreeMap<>();
        while (System.nanoTime() < deadline) {
            final Map<TopicPartition, Long> now = committed(admin, groupId);
            final double t = (System.nanoTime() - since) / 1e9;
            before.forEach((tp, offset) -> {
                if (now.getOrDefault(tp, -1L) > offset) {
                    movedAt.putIfAbsent(tp.partition(), t);
                }
            });
            if (movedAt.size() == before.size()) {
                bench.line("    committing again, by partition (s): " + movedAt);
                return t;
            }
            KafkaCluster.sleep(50);
        }
        return -1;
    }

    private static Map<TopicPartition, Long> committed(final Admin admin, final String groupId) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        final Map<TopicPartition, Long> result = new HashMap<>();
        offsets.forEach((partition, offset) -> result.put(partition, offset == null ? -1L : offset.offset()));
        return result;
    }

    /** The default produce mix at {@link #RATE} events/s until stopped (bounded by the caller's stop flag and 30 min). */
    private void feed(final String input, final AtomicBoolean stop) {
        final SampleEvents sample = new SampleEvents(11, 1000, 0.05, 0.02);
        final long start = System.nanoTime();
        final long deadline = start + Duration.ofMinutes(30).toNanos();
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
            long sent = 0;
            while (!stop.get() && System.nanoTime() < deadline) {
                final long due = (System.nanoTime() - start) * RATE / 1_000_000_000L;
                for (; sent < due; sent++) {
                    final SampleRecord record = sample.next();
                    producer.send(new ProducerRecord<>(input, record.key(), record.value()));
                }
                KafkaCluster.sleep(10);
            }
        }
    }
}
