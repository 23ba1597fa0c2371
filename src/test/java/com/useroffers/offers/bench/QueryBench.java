package com.useroffers.offers.bench;

import com.useroffers.offers.kafka.KafkaCluster;
import com.useroffers.offers.kafka.TopicRecords;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleRecord;
import com.useroffers.offers.query.UserPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Queries per second and their latency ({@code GET /users/{userId}/offers}), answered locally and
 * forwarded, with two instances of the application (each its own JVM with the HTTP endpoint and its own
 * {@code application.server}) while they process input at a fixed rate (half the EOS maximum).
 *
 * <p>All queries go to instance A. A user is "local" when A owns its partition, "forwarded" when B
 * does: the partition is the default partitioner's (murmur2 of the UTF-8 user id), the owner is read
 * from the group's assignment (each instance has its own {@code client.id}). Each route gets its own
 * closed-loop phase of {@code seconds}, with {@link #CLIENTS} client threads; latency is the client's
 * (send to whole body received).
 */
final class QueryBench {

    /** Client threads per phase: below the endpoint's concurrent-query limit, on a 2-core machine. */
    static final int CLIENTS = 2;
    private static final int PARTITIONS = 6;

    record Result(String route, long queries, double seconds, long ok, long other, long p50, long p99, long max) {
        double perSecond() {
            return queries / seconds;
        }
    }

    private QueryBench() {
    }

    static List<Result> measure(final OffersBench bench, final int rate, final int seconds, final int warmUpSeconds) {
        final String tag = "query-" + rate;
        final String input = tag + "-in";
        final String out = tag + "-state";
        final String dlq = tag + "-dlq";
        final String appId = "bench-" + tag;
        TopicRecords.createTopics(bench.cluster(), PARTITIONS, bench.replication(), input, out, dlq);
        OffersBench.awaitLeaders(bench.cluster(), input);
        final int portA = freePort();
        final int portB = freePort();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread producer = new Thread(() -> produce(bench.cluster(), input, rate, stop), "query-bench-producer");
        try (Child a = bench.startQueryApp(appId, input, out, dlq, portA, "a");
             Child b = bench.startQueryApp(appId, input, out, dlq, portB, "b")) {
            a.awaitLine("READY", Duration.ofMinutes(3));
            b.awaitLine("READY", Duration.ofMinutes(3));
            producer.start();
            KafkaCluster.sleep(warmUpSeconds * 1000L);
            final Set<Integer> ownedByA = partitionsOf(bench.cluster(), appId, appId + "-a", input);
            final List<String> local = new ArrayList<>();
            final List<String> forwarded = new ArrayList<>();
            for (final String user : users()) {
                (ownedByA.contains(partition(user)) ? local : forwarded).add(user);
            }
            bench.line(String.format(Locale.ROOT, "  A owns partitions %s: %d users local to A, %d on B", ownedByA,
                    local.size(), forwarded.size()));
            final List<Result> results = new ArrayList<>();
            results.add(phase("local", portA, local, seconds));
            results.add(phase("forwarded", portA, forwarded, seconds));
            stop.set(true);
            producer.join(30_000);
            a.terminate();
            b.terminate();
            return results;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            stop.set(true);
        }
    }

    /** {@link #CLIENTS} threads asking {@code port} for random users of {@code users} for {@code seconds}. */
    private static Result phase(final String route, final int port, final List<String> users, final int seconds)
            throws InterruptedException {
        final long[][] samples = new long[CLIENTS][];
        final int[] counts = new int[CLIENTS];
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        final List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            final int client = c;
            samples[c] = new long[2_000_000];
            final Thread thread = new Thread(() -> {
                final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                final SplittableRandom random = new SplittableRandom(client);
                while (System.nanoTime() < end && counts[client] < samples[client].length) {
                    final String user = users.get(random.nextInt(users.size()));
                    final long start = System.nanoTime();
                    try {
                        final HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + UserPath.of(user))).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        (answer.statusCode() == 200 || answer.statusCode() == 404 ? ok : other).incrementAndGet();
                    } catch (final IOException e) {
                        other.incrementAndGet();
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    samples[client][counts[client]++] = System.nanoTime() - start;
                }
            }, "query-bench-" + route + "-" + c);
            thread.start();
            clients.add(thread);
        }
        for (final Thread thread : clients) {
            thread.join(seconds * 1000L + 30_000);
        }
        int n = 0;
        for (final int count : counts) {
            n += count;
        }
        final long[] all = new long[n];
        int i = 0;
        for (int c = 0; c < CLIENTS; c++) {
            System.arraycopy(samples[c], 0, all, i, counts[c]);
            i += counts[c];
        }
        final long[] sorted = Stats.sorted(all, n);
        return new Result(route, n, seconds, ok.get(), other.get(), Stats.percentile(sorted, 50) / 1000,
                Stats.percentile(sorted, 99) / 1000, n == 0 ? -1 : sorted[n - 1] / 1000);
    }

    /** The input at a fixed rate until stopped (bounded by the phases' length anyway). */
    private static void produce(final KafkaCluster cluster, final String input, final int rate, final AtomicBoolean stop) {
        final SampleEvents sample = new SampleEvents(7, 1000, 0.05, 0.02);
        try (KafkaProducer<byte[], byte[]> producer = TopicRecords.producer(cluster)) {
            final long start = System.nanoTime();
            long sent = 0;
            while (!stop.get()) {
                final long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; sent < due; sent++) {
                    final SampleRecord record = sample.next();
                    producer.send(new ProducerRecord<>(input, record.key(), record.value()));
                }
                KafkaCluster.sleep(1);
            }
            producer.flush();
        }
    }

    /** The users the producer writes (its first 20000 records' keys, i.e. all 1000 of them). */
    private static Set<String> users() {
        final SampleEvents sample = new SampleEvents(7, 1000, 0.05, 0.02);
        final Set<String> users = new LinkedHashSet<>();
        for (int i = 0; i < 20_000; i++) {
            final byte[] key = sample.next().key();
            if (key != null) {
                final String user = new String(key, StandardCharsets.UTF_8);
                if (user.codePoints().noneMatch(Character::isISOControl) && !user.isEmpty() && user.length() <= 128) {
                    users.add(user);
                }
            }
        }
        return users;
    }

    /** The default partitioner's partition of a user id. */
    private static int partition(final String user) {
        return Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** The input partitions assigned to the members whose client id starts with {@code clientIdPrefix}. */
    private static Set<Integer> partitionsOf(final KafkaCluster cluster, final String group, final String clientIdPrefix,
                                             final String input) {
        try (Admin admin = cluster.admin()) {
            final ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(30, TimeUnit.SECONDS);
            final Set<Integer> partitions = new java.util.TreeSet<>();
            for (final MemberDescription member : description.members()) {
                if (member.clientId().startsWith(clientIdPrefix)) {
                    for (final TopicPartition tp : member.assignment().topicPartitions()) {
                        if (tp.topic().equals(input)) {
                            partitions.add(tp.partition());
                        }
                    }
                }
            }
            return partitions;
        } catch (final Exception e) {
            throw new IllegalStateException("cannot read the group's assignment", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
