package com.useroffers.offers.topics;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.FaultWording;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.Awaited;
import com.useroffers.offers.runtime.KafkaCall;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
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
    private final KafkaCall call;
    private final PrintWriter out;

    /** {@code call}: each Admin call gets its timeout afresh, and a stop ends the run ({@link KafkaCall.Stopped}). */
    public TopicsSetup(final Admin admin, final String bootstrap, final KafkaCall call, final PrintWriter out) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.call = call;
        this.out = out;
    }

    /**
     * @return how many differences are left as they are (0: every topic is as the contract says)
     * @throws RunFailure when Kafka cannot be asked: no broker (5), credentials (6), an ACL (7), else 1
     * @throws KafkaCall.Stopped when a stop is requested meanwhile (what was done stays)
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
                left += check(plan, description, found(description, configs.get(plan.name())), apply);
            }
        }
        out.flush();
        return left;
    }

    private int check(final TopicPlan plan, final TopicDescription description, final TopicDrift.Found found,
                      final boolean apply) {
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
            final String why = TopicDrift.whyNotInPlace(plan.name(), found, difference, () -> hasRecords(description), bootstrap);
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
            call.fresh().get(admin.incrementalAlterConfigs(Map.of(resource, ops)).all(), doing("changing the settings of '" + plan.name() + "'"));
            toApply.values().forEach(d -> out.println("applied: " + plan.name() + ": " + d.key() + "=" + d.needed()
                    + " (was " + d.found() + ")"));
        }
        return left;
    }

    private void create(final TopicPlan plan) {
        final Awaited<Void> created = call.fresh().await(admin.createTopics(List.of(new NewTopic(plan.name(), plan.partitions(),
                (short) plan.replicationFactor()).configs(plan.settings()))).all(), doing("creating '" + plan.name() + "'"));
        if (created.status() == Awaited.Status.FAILED) {
            if (created.failure() instanceof TopicExistsException) {
                out.println("exists:  " + plan.name() + " (created meanwhile by someone else: run again to compare it)");
                return;
            }
            throw call.failure(created.failure(), doing("creating '" + plan.name() + "'"));
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
            final TopicDescription description = call.fresh().getOrNull(future, doing("describing '" + name + "'"),
                    UnknownTopicOrPartitionException.class);
            if (description != null) {
                described.put(name, description);
            }
        });
        return described;
    }

    private Map<String, Config> configs(final Set<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        final Map<ConfigResource, Config> configs = call.fresh().get(admin.describeConfigs(topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all(), doing("describing the settings"));
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

    /** {@code true} when a partition of the topic holds a record (its earliest offset is not its latest). */
    private boolean hasRecords(final TopicDescription description) {
        final String topic = description.name();
        final List<TopicPartition> partitions = new ArrayList<>();
        description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        final var earliest = call.fresh().get(admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p,
                p -> OffsetSpec.earliest()))).all(), doing("reading the offsets of '" + topic + "'"));
        final var latest = call.fresh().get(admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p,
                p -> OffsetSpec.latest()))).all(), doing("reading the offsets of '" + topic + "'"));
        return partitions.stream().anyMatch(p -> latest.get(p).offset() > earliest.get(p).offset());
    }

    /** The lines of a failed call while {@code doing}, e.g. "creating 'user-offers'". */
    private FaultWording doing(final String doing) {
        return new FaultWording() {
            @Override
            public String refusedCredentials(final Throwable cause) {
                return "Kafka refused the credentials: " + Causes.rootMessage(cause) + " (check --command-config or the client settings)";
            }

            @Override
            public String notAuthorized(final Throwable cause) {
                return "not authorized: " + Causes.rootMessage(cause) + " (grant the ACLs of: acls --for topics)";
            }

            @Override
            public String noAnswer(final Throwable cause) {
                return "no broker answered at " + bootstrap + " while " + doing + " within " + call.timeout().toSeconds()
                        + " s (check --bootstrap-server and that Kafka is up)";
            }

            @Override
            public String failed(final Throwable cause) {
                return doing + " failed: " + Causes.rootMessage(cause);
            }
        };
    }
}
