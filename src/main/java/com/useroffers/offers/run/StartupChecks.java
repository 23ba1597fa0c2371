package com.useroffers.offers.run;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.FaultWording;
import com.useroffers.offers.failure.KafkaFaults;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.Awaited;
import com.useroffers.offers.runtime.KafkaCall;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.security.AccessCheck;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before anything starts: does a broker answer, with these credentials, do the topics exist, and
 * (for {@link #inspect}) what are their settings?
 * Kafka Streams would otherwise retry a missing broker for ever and report a missing source topic only
 * through its error state; this says it in one line and exits. Every wait is bounded by the timeout
 * ({@code offers.startup.timeout}) and gives way at once to a {@link ShutdownSignal}.
 */
public final class StartupChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private final Map<String, Object> adminConfigs;
    private final Duration timeout;
    private final ShutdownSignal signal;
    private final String servers;
    private AclCommand command;
    private AclPlan.Names names;

    public StartupChecks(final Map<String, Object> adminConfigs, final Duration timeout, final ShutdownSignal signal) {
        this.adminConfigs = adminConfigs;
        this.timeout = timeout;
        this.signal = signal;
        this.servers = String.valueOf(adminConfigs.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /**
     * Says, when a topic may not be described, which ACL of {@code command} is missing (the operations it
     * needs there that imply DESCRIBE, e.g. READ on the input for {@code run}), instead of only that
     * describing was refused.
     */
    public StartupChecks forCommand(final AclCommand aclCommand, final AclPlan.Names aclNames) {
        this.command = aclCommand;
        this.names = aclNames;
        return this;
    }

    /**
     * Checks that a broker answers and that every topic exists.
     *
     * @param topics role (e.g. {@code input}) to topic name, in the order to report them
     * @return {@code true} when all is well, {@code false} when a stop was requested meanwhile
     * @throws RunFailure with a one-line cause and the exit code of the cause ({@link ExitCodes#NO_BROKER},
     *         {@link ExitCodes#AUTHENTICATION_FAILED}, {@link ExitCodes#NOT_AUTHORIZED}, {@link ExitCodes#TOPIC_MISSING})
     */
    public boolean verify(final Map<String, String> topics) {
        return check(topics, false) != null;
    }

    /**
     * {@link #verify} and then what each topic is: its replication factor and effective settings (which
     * needs the DescribeConfigs permission on the topics), for {@link TopicRules}.
     *
     * @return the facts by role, in the order of {@code topics}; {@code null} when a stop was requested meanwhile
     * @throws RunFailure as {@link #verify} does
     */
    public Map<String, TopicFacts> inspect(final Map<String, String> topics) {
        return check(topics, true);
    }

    private Map<String, TopicFacts> check(final Map<String, String> topics, final boolean describeConfigs) {
        final Admin admin = createAdmin(adminConfigs);
        try {
            return check(admin, topics, describeConfigs);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** {@link #inspect} with the caller's Admin client, which the caller closes. */
    Map<String, TopicFacts> inspect(final Admin admin, final Map<String, String> topics) {
        return check(admin, topics, true);
    }

    private Map<String, TopicFacts> check(final Admin admin, final Map<String, String> topics, final boolean describeConfigs) {
        LOG.info("Checking that Kafka answers at {} and that topics {} exist (timeout {})", servers, topics.values(), timeout);
        final KafkaCall call = KafkaCall.within(timeout, signal);
        try {
            clusterAnswers(admin, call);
            final Map<String, TopicDescription> described = topicsExist(admin, topics, call);
            final Map<String, Config> configs = describeConfigs ? topicConfigs(admin, topics, call) : Map.of();
            final Map<String, TopicFacts> facts = new LinkedHashMap<>();
            topics.forEach((role, name) -> facts.put(role, facts(role, name, described.get(role), configs.get(role))));
            return facts;
        } catch (final KafkaCall.Stopped stopped) {
            return null;
        }
    }

    private void clusterAnswers(final Admin admin, final KafkaCall call) {
        final String subject = "bootstrap.servers=" + servers;
        final String noBroker = "no Kafka broker answered at " + subject + " within " + timeout;
        final Said said = new Said(subject, noBroker, noBroker);
        final Awaited<String> cluster = call.await(admin.describeCluster(new DescribeClusterOptions().timeoutMs(call.remainingMs()))
                .clusterId(), said);
        if (cluster.status() == Awaited.Status.FAILED) {
            // Whatever keeps the cluster from answering (a refused connection, an unknown host) is no broker.
            throw KafkaFaults.failure(cluster.failure(), said, ExitCodes.NO_BROKER);
        }
        LOG.info("Kafka answers at {} (cluster {})", servers, cluster.value());
    }

    /** The description of each topic by role. */
    private Map<String, TopicDescription> topicsExist(final Admin admin, final Map<String, String> topics, final KafkaCall call) {
        final Map<String, KafkaFuture<TopicDescription>> byName = admin.describeTopics(List.copyOf(topics.values()),
                new DescribeTopicsOptions().timeoutMs(call.remainingMs())).topicNameValues();
        final List<String> missing = new ArrayList<>();
        final Map<String, TopicDescription> described = new LinkedHashMap<>();
        topics.forEach((role, name) -> {
            final String topic = role + " topic '" + name + "'";
            final Said said = new Said(topic, "Kafka did not describe " + topic + " within " + timeout, "cannot describe " + topic);
            final Awaited<TopicDescription> outcome = call.await(byName.get(name), said);
            if (outcome.status() == Awaited.Status.DONE) {
                LOG.info("The {} has {} partitions", topic, outcome.value().partitions().size());
                described.put(role, outcome.value());
            } else if (outcome.failure() instanceof AuthorizationException && command != null) {
                throw denied(name, DESCRIBING, outcome.failure());
            } else if (outcome.failure() instanceof UnknownTopicOrPartitionException) {
                missing.add(topic);
            } else {
                throw call.failure(outcome.failure(), said);
            }
        });
        if (!missing.isEmpty()) {
            throw new RunFailure(ExitCodes.TOPIC_MISSING, joined(missing)
                    + (missing.size() == 1 ? " does not exist" : " do not exist")
                    + ": create " + (missing.size() == 1 ? "it" : "them") + " with topics.sh");
        }
        return described;
    }

    /** The effective settings of each topic by role. */
    private Map<String, Config> topicConfigs(final Admin admin, final Map<String, String> topics, final KafkaCall call) {
        final Map<String, ConfigResource> resources = new LinkedHashMap<>();
        topics.forEach((role, name) -> resources.put(role, new ConfigResource(ConfigResource.Type.TOPIC, name)));
        final Map<ConfigResource, KafkaFuture<Config>> byResource = admin.describeConfigs(resources.values(),
                new DescribeConfigsOptions().timeoutMs(call.remainingMs())).values();
        final Map<String, Config> configs = new LinkedHashMap<>();
        resources.forEach((role, resource) -> {
            final String topic = role + " topic '" + resource.name() + "'";
            final Said said = new Said("DescribeConfigs on the " + topic, "Kafka did not describe the settings of the " + topic
                    + " within " + timeout, "cannot describe the settings of the " + topic);
            final Awaited<Config> outcome = call.await(byResource.get(resource), said);
            if (outcome.status() == Awaited.Status.DONE) {
                configs.put(role, outcome.value());
            } else if (outcome.failure() instanceof AuthorizationException && command != null) {
                throw denied(resource.name(), Set.of(AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS), outcome.failure());
            } else {
                throw call.failure(outcome.failure(), said);
            }
        });
        return configs;
    }

    /**
     * The checks' words for a failed call: {@code subject} names it in a refusal, {@code noAnswer} is the
     * whole line when Kafka does not answer in time, {@code otherwise} begins the line of any other failure.
     */
    private record Said(String subject, String noAnswer, String otherwise) implements FaultWording {

        @Override
        public String refusedCredentials(final Throwable cause) {
            return "Kafka refused the credentials (" + subject + "): " + Causes.rootMessage(cause);
        }

        @Override
        public String notAuthorized(final Throwable cause) {
            return "not authorized (" + subject + "): " + Causes.rootMessage(cause);
        }

        @Override
        public String noAnswer(final Throwable cause) {
            return noAnswer;
        }

        @Override
        public String failed(final Throwable cause) {
            return otherwise + " (" + Causes.rootMessage(cause) + ")";
        }
    }

    /** The operations that let a principal describe a topic (Kafka's implications). */
    private static final Set<AclOperation> DESCRIBING = Set.of(AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE,
            AclOperation.DELETE, AclOperation.ALTER, AclOperation.CREATE);

    /** Not authorized: the operations of the command's plan on {@code topic} among {@code operations}, in one line. */
    private RunFailure denied(final String topic, final Set<AclOperation> operations, final Throwable cause) {
        final String needed = AclPlan.grants(command, names).stream()
                .filter(g -> g.resourceType() == ResourceType.TOPIC && g.patternType() == PatternType.LITERAL
                        && g.name().equals(topic) && operations.contains(g.operation()))
                .map(g -> g.operation().name()).collect(Collectors.joining(","));
        return new RunFailure(ExitCodes.NOT_AUTHORIZED, AccessCheck.deniedLine(command,
                needed.isEmpty() ? "DESCRIBE" : needed, ResourceType.TOPIC, PatternType.LITERAL, topic,
                AccessCheck.principalOf(adminConfigs), null), cause);
    }

    /** The fewest replicas of any partition: the topic is only as safe as that one. */
    private static TopicFacts facts(final String role, final String name, final TopicDescription description,
                                    final Config config) {
        final int replicas = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        final Map<String, String> settings = new LinkedHashMap<>();
        if (config != null) {
            config.entries().stream().filter(e -> e.value() != null).forEach(e -> settings.put(e.name(), e.value()));
        }
        return new TopicFacts(role, name, replicas, settings);
    }

    /** The checks' Admin client; a setting it refuses is a bad setting, anything else says which servers it was for. */
    static Admin createAdmin(final Map<String, Object> adminConfigs) {
        try {
            return Admin.create(adminConfigs);
        } catch (final RuntimeException e) {
            final ConfigException badSetting = Causes.find(e, ConfigException.class);
            if (badSetting != null) {
                throw badSetting;
            }
            throw new RunFailure(KafkaFaults.exitCode(e, ExitCodes.USAGE), "cannot create a Kafka client for bootstrap.servers="
                    + adminConfigs.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + Causes.rootMessage(e), e);
        }
    }

    private static String joined(final List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

}
