package com.useroffers.offers.cli;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.produce.SampleEvents;
import com.useroffers.offers.produce.SampleKind;
import com.useroffers.offers.produce.SampleRecord;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.run.StartupChecks;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code produce}: write sample events to the input topic. */
@Command(name = "produce",
        description = "Write sample offer events (with duplicates and bad records) to the input topic, for demos and benchmarks.",
        exitCodeList = {
            "0:every event written (or stopped early by SIGTERM/SIGINT, the summary says so)",
            "1:a write failed for another cause",
            ExitCodeLines.USAGE, ExitCodeLines.NO_BROKER, ExitCodeLines.CREDENTIALS, ExitCodeLines.NOT_AUTHORIZED,
            "8:the input topic is missing"})
public final class ProduceCommand extends SignalledCommand {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--events", required = true, paramLabel = "N", description = "How many records to write.")
    private long events;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1000", description = "Active users (default: ${DEFAULT-VALUE}).")
    private int users;

    @Option(names = "--duplicates", paramLabel = "RATIO", defaultValue = "0.05",
            description = "Share of exact duplicates (default: ${DEFAULT-VALUE}).")
    private double duplicates;

    @Option(names = "--invalid", paramLabel = "RATIO", defaultValue = "0.02",
            description = "Share of bad records: malformed, invalid, key mismatch, conflicting duplicate, invalid transition (default: ${DEFAULT-VALUE}).")
    private double invalid;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed: the same seed and options write the same records (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        final SampleEvents sample = sampleEvents();
        final ShutdownSignal stop = stopSignal();
        final OffersConfig config = configOptions.load();
        final String topic = config.inputTopic();
        final StartupChecks checks = new StartupChecks(ClientSettings.admin(config, "user-offers-produce-check"),
                config.startupTimeout(), stop).forCommand(AclCommand.PRODUCE, AclPlan.Names.of(config));
        if (!checks.verify(Map.of("input", topic))) {
            return ExitCodes.OK;
        }
        final Map<SampleKind, Long> sent = new EnumMap<>(SampleKind.class);
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        final long start = System.nanoTime();
        final Producer<byte[], byte[]> producer = new KafkaProducer<>(ClientSettings.producer(config, "user-offers-produce"));
        try {
            for (long i = 0; i < events && firstFailure.get() == null && !stop.isRequested(); i++) {
                final SampleRecord record = sample.next();
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error);
                    }
                });
                sent.merge(record.kind(), 1L, Long::sum);
            }
            producer.flush();
        } catch (final KafkaException e) {
            firstFailure.compareAndSet(null, e);
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
        out().println(summary(topic, sent, failed.get(), Duration.ofNanos(System.nanoTime() - start))
                + (stop.isRequested() ? " (stopped early by a signal)" : ""));
        if (firstFailure.get() != null) {
            throw new RunFailure(ExitCodes.forFault(firstFailure.get(), ExitCodes.FAILED), "writing to '" + topic + "' failed: " + firstFailure.get(), firstFailure.get());
        }
        return ExitCodes.OK;
    }

    private SampleEvents sampleEvents() {
        if (events < 0) {
            throw usage("--events must not be negative, not " + events);
        }
        try {
            return new SampleEvents(seed, users, duplicates, invalid);
        } catch (final IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** One line: {@code produced 10000 events to 'user-offers' in 1.2 s: 9300 VALID, 500 DUPLICATE, ...}. */
    static String summary(final String topic, final Map<SampleKind, Long> sent, final long failed, final Duration took) {
        final long total = sent.values().stream().mapToLong(Long::longValue).sum();
        final String byKind = sent.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        return String.format("produced %d events to '%s' in %.1f s%s%s", total - failed, topic, took.toMillis() / 1000.0,
                total == 0 ? "" : ": " + byKind, failed == 0 ? "" : " (" + failed + " failed)");
    }
}
