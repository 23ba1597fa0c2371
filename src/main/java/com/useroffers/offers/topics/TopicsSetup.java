package com.useroffers.offers.topics;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What the {@code topics} command does with one Admin client: creates each missing topic of its
 * {@link TopicPlan}s, and for each existing one prints every {@link TopicDrift} difference, changing with
 * {@code apply} those that may change in place. Lines on {@code out}: {@code created: ...},
 * {@code exists:  TOPIC (as the contract says)}, {@code TOPIC: KEY is FOUND, the contract needs NEEDED},
 * {@code applied: ...}, {@code not changed: TOPIC: KEY: why and what to do}.
 */
public final class TopicsSetup {

    private final Admin admin;
    private final String bootstrap;
    private final Duration timeout;
    private final PrintWriter out;

    public TopicsSetup(final Admin admin, final String bootstrap, final Duration timeout, final PrintWriter out) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.timeout = timeout;
        this.out = out;
    }

    /**
     * @return how many differences are left as they are (0: every topic is as the contract says)
     * @throws RunFailure when Kafka cannot be asked: no broker (5), credentials (6), an ACL (7), else 1
     */
    public int ensure(final List<TopicPlan> plans, final boolean apply) {
        final Map<String, TopicDescription> described = describe(plans);
        final Map<String, Config> configs = configs(described.keySet());
        int left = 0;
        for (final TopicPlan plan : plans) {
            final TopicDescription description = described.get(plan.name());
            if (description == null) {
                create(plan);
            } else {
                left += check(plan, found(description, configs.get(plan.name())), apply);
            }
        }
        out.flush();
        return left;
    }

    private int check(final TopicPlan plan, final TopicDrift.Found found, final boolean apply) {
        final List<TopicDrift.Difference> differences = TopicDrift.of(plan, found);
        if (differences.isEmpty()) {
            out.println("exists:  " + plan.name() + " (as the contract says)");
            return 0;
        }
        int left = 0;
        final Map<String, TopicDrift.Difference> toApply = new LinkedHashMap<>();
        for (final TopicDrift.Difference difference : differences) {
            out.println(difference.line(plan.name()));
            if (!apply) {
                left++;
                continue;
            }
            final String why = TopicDrift.whyNotInPlace(plan.name(), found, difference, () -> hasRecords(plan.name()), bootstrap);
            if (why == null && difference.isSetting()) {
                toApply.put(difference.key(), difference);
            } else {
                out.println("not changed: " + plan.name() + ": " + difference.key() + ": " + why);
                left++;
            }
        }
        if (!toApply.isEmpty()) {
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, plan.name());
            final List<AlterConfigOp> ops = toApply.values().stream()
                    .map(d -> new AlterConfigOp(new ConfigEntry(d.key(), d.needed()), AlterConfigOp.OpType.SET)).toList();
            await(admin.incrementalAlterConfigs(Map.of(resource, ops)).all(), "changing the settings of '" + plan.name() + "'");
            toApply.values().forEach(d -> out.println("applied: " + plan.name() + ": " + d.key() + "=" + d.needed()
                    + " (was " + d.found() + ")"));
        }
        return left;
    }

    private void create(final TopicPlan plan) {
        try {
            await(admin.createTopics(List.of(new NewTopic(plan.name(), plan.partitions(), (short) plan.replicationFactor())
                    .configs(plan.settings()))).all(), "creating '" + plan.name() + "'");
        } catch (final RunFailure e) {
            if (Causes.find(e, TopicExistsException.class) == null) {
                throw e;
            }
            out.println("exists:  " + plan.name() + " (created meanwhile by someone else: run again to compare it)");
            return;
        }
        out.println("created: " + plan.name() + " (partitions=" + plan.partitions() + ", replication-factor="
                + plan.replicationFactor() + ", " + plan.settings().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")) + ")");
    }

    /** The existing topics among the plans'; a missing one is simply absent. */
    private Map<String, TopicDescription> describe(final List<TopicPlan> plans) {
        final Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(
                plans.stream().map(TopicPlan::name).distinct().toList()).topicNameValues();
        final Map<String, TopicDescription> described = new LinkedHashMap<>();
        futures.forEach((name, future) -> {
            try {
                described.put(name, await(future, "describing '" + name + "'"));
            } catch (final RunFailure e) {
                if (Causes.find(e, UnknownTopicOrPartitionException.class) == null) {
                    throw e;
                }
            }
        });
        return described;
    }

    private Map<String, Config> configs(final Set<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        final Map<ConfigResource, Config> configs = await(admin.describeConfigs(topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all(), "describing the settings");
        final Map<String, Config> byName = new LinkedHashMap<>();
        configs.forEach((resource, config) -> byName.put(resource.name(), config));
        return byName;
    }

    private static TopicDrift.Found found(final TopicDescription description, final Config config) {
        final Map<String, String> values = new LinkedHashMap<>();
        final Set<String> overridden = new HashSet<>();
        for (final ConfigEntry entry : config.entries()) {
            if (entry.value() != null) {
                values.put(entry.name(), entry.value());
            }
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                overridden.add(entry.name());
            }
        }
        return new TopicDrift.Found(description.partitions().size(), description.partitions().get(0).replicas().size(),
                values, overridden);
    }

    /** {@code true} when a partition of {@code topic} holds a record (its earliest offset is not its latest). */
    private boolean hasRecords(final String topic) {
        final TopicDescription description = await(admin.describeTopics(List.of(topic)).allTopicNames(),
                "describing '" + topic + "'").get(topic);
        final List<TopicPartition> partitions = new ArrayList<>();
        description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        final var earliest = await(admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
                .all(), "reading the offsets of '" + topic + "'");
        final var latest = await(admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all(), "reading the offsets of '" + topic + "'");
        return partitions.stream().anyMatch(p -> latest.get(p).offset() > earliest.get(p).offset());
    }

    private <T> T await(final KafkaFuture<T> future, final String doing) {
        try {
            return future.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            throw failure(e.getCause(), doing);
        } catch (final TimeoutException e) {
            throw failure(new org.apache.kafka.common.errors.TimeoutException("no answer within " + timeout.toSeconds() + " s"), doing);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure(ExitCodes.FAILED, "interrupted while " + doing, e);
        }
    }

    private RunFailure failure(final Throwable cause, final String doing) {
        final String message = Causes.rootMessage(cause);
        if (cause instanceof AuthenticationException) {
            return new RunFailure(ExitCodes.AUTHENTICATION_FAILED, "Kafka refused the credentials: " + message
                    + " (check --command-config or the client settings)", cause);
        }
        if (cause instanceof AuthorizationException) {
            return new RunFailure(ExitCodes.NOT_AUTHORIZED, "not authorized: " + message
                    + " (grant the ACLs of: acls --for topics)", cause);
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new RunFailure(ExitCodes.NO_BROKER, "no broker answered at " + bootstrap + " while " + doing + ": " + message
                    + " (check --bootstrap-server and that Kafka is up)", cause);
        }
        return new RunFailure(ExitCodes.FAILED, doing + " failed: " + message, cause);
    }
}
