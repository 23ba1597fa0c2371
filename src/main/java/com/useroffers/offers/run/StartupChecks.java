package com.useroffers.offers.run;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.Awaited;
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
import java.util.concurrent.TimeUnit;
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
import org.apache.kafka.common.errors.AuthenticationException;
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
        final long deadline = System.nanoTime() + timeout.toNanos();
        LOG.info("Checking that Kafka answers at {} and that topics {} exist (timeout {})", servers, topics.values(), timeout);
        final Admin admin = createAdmin();
        try {
            if (!clusterAnswers(admin, deadline)) {
                return null;
            }
            final Map<String, TopicDescription> described = topicsExist(admin, topics, deadline);
            if (described == null) {
                return null;
            }
            final Map<String, Config> configs = describeConfigs ? topicConfigs(admin, topics, deadline) : Map.of();
            if (configs == null) {
                return null;
            }
            final Map<String, TopicFacts> facts = new LinkedHashMap<>();
            topics.forEach((role, name) -> facts.put(role, facts(role, name, described.get(role), configs.get(role))));
            return facts;
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private boolean clusterAnswers(final Admin admin, final long deadline) {
        final String subject = "bootstrap.servers=" + servers;
        final Awaited<String> cluster = await(admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs(deadline)))
                .clusterId(), deadline);
        switch (cluster.status()) {
            case STOPPED -> {
                return false;
            }
            case TIMED_OUT -> throw new RunFailure(ExitCodes.NO_BROKER,
                    "no Kafka broker answered at " + subject + " within " + timeout);
            case FAILED -> throw failure(cluster.failure(), subject, ExitCodes.NO_BROKER,
                    "no Kafka broker answered at " + subject + " within " + timeout);
            default -> {
                LOG.info("Kafka answers at {} (cluster {})", servers, cluster.value());
                return true;
            }
        }
    }

    /** The description of each topic by role; {@code null} when a stop was requested. */
    private Map<String, TopicDescription> topicsExist(final Admin admin, final Map<String, String> topics, final long deadline) {
        final Map<String, KafkaFuture<TopicDescription>> byName = admin.describeTopics(List.copyOf(topics.values()),
                new DescribeTopicsOptions().timeoutMs(remainingMs(deadline))).topicNameValues();
        final List<String> missing = new ArrayList<>();
        final Map<String, TopicDescription> described = new LinkedHashMap<>();
        for (final Map.Entry<String, String> entry : topics.entrySet()) {
            final String topic = entry.getKey() + " topic '" + entry.getValue() + "'";
            final Awaited<TopicDescription> outcome = await(byName.get(entry.getValue()), deadline);
            switch (outcome.status()) {
                case STOPPED -> {
                    return null;
                }
                case TIMED_OUT -> throw new RunFailure(ExitCodes.NO_BROKER,
                        "Kafka did not describe " + topic + " within " + timeout);
                case FAILED -> {
                    if (outcome.failure() instanceof AuthorizationException && command != null) {
                        throw denied(entry.getValue(), DESCRIBING, outcome.failure());
                    }
                    if (!(outcome.failure() instanceof UnknownTopicOrPartitionException)) {
                        throw failure(outcome.failure(), topic, ExitCodes.FAILED, "cannot describe " + topic);
                    }
                    missing.add(topic);
                }
                default -> {
                    LOG.info("The {} has {} partitions", topic, outcome.value().partitions().size());
                    described.put(entry.getKey(), outcome.value());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new RunFailure(ExitCodes.TOPIC_MISSING, joined(missing)
                    + (missing.size() == 1 ? " does not exist" : " do not exist")
                    + ": create " + (missing.size() == 1 ? "it" : "them") + " with topics.sh");
        }
        return described;
    }

    /** The effective settings of each topic by role; {@code null} when a stop was requested. */
    private Map<String, Config> topicConfigs(final Admin admin, final Map<String, String> topics, final long deadline) {
        final Map<String, ConfigResource> resources = new LinkedHashMap<>();
        topics.forEach((role, name) -> resources.put(role, new ConfigResource(ConfigResource.Type.TOPIC, name)));
        final Map<ConfigResource, KafkaFuture<Config>> byResource = admin.describeConfigs(resources.values(),
                new DescribeConfigsOptions().timeoutMs(remainingMs(deadline))).values();
        final Map<String, Config> configs = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigResource> entry : resources.entrySet()) {
            final String topic = entry.getKey() + " topic '" + entry.getValue().name() + "'";
            final Awaited<Config> outcome = await(byResource.get(entry.getValue()), deadline);
            switch (outcome.status()) {
                case STOPPED -> {
                    return null;
                }
                case TIMED_OUT -> throw new RunFailure(ExitCodes.NO_BROKER,
                        "Kafka did not describe the settings of the " + topic + " within " + timeout);
                case FAILED -> throw outcome.failure() instanceof AuthorizationException && command != null
                        ? denied(entry.getValue().name(), Set.of(AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS),
                                outcome.failure())
                        : failure(outcome.failure(), "DescribeConfigs on the " + topic, ExitCodes.FAILED,
                        "cannot describe the settings of the " + topic);
                default -> configs.put(entry.getKey(), outcome.value());
            }
        }
        return configs;
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

    private Admin createAdmin() {
        try {
            return Admin.create(adminConfigs);
        } catch (final RuntimeException e) {
            final ConfigException badSetting = Causes.find(e, ConfigException.class);
            if (badSetting != null) {
                throw badSetting;
            }
            throw new RunFailure(ExitCodes.forFault(e, ExitCodes.USAGE), "cannot create a Kafka client for bootstrap.servers="
                    + servers + ": " + Causes.rootMessage(e), e);
        }
    }

    /**
     * Waits for the future, the deadline or a stop request, whichever comes first. The Admin call's own
     * timeout is the same as ours: the same outcome, whichever fires first.
     */
    private <T> Awaited<T> await(final KafkaFuture<T> future, final long deadline) {
        final Awaited<T> awaited = Awaited.await(future, Duration.ofNanos(deadline - System.nanoTime()), signal);
        return awaited.failure() instanceof org.apache.kafka.common.errors.TimeoutException
                ? new Awaited<>(Awaited.Status.TIMED_OUT, null, null)
                : awaited;
    }

    /**
     * Refused credentials and missing permissions say so, with their own exit codes; anything else is
     * reported as {@code otherwise} with exit code {@code code}, Kafka's message in brackets.
     */
    private static RunFailure failure(final Throwable cause, final String subject, final int code, final String otherwise) {
        final String message;
        if (cause instanceof AuthenticationException) {
            message = "Kafka refused the credentials (" + subject + "): " + Causes.rootMessage(cause);
        } else if (cause instanceof AuthorizationException) {
            message = "not authorized (" + subject + "): " + Causes.rootMessage(cause);
        } else {
            message = otherwise + " (" + Causes.rootMessage(cause) + ")";
        }
        return new RunFailure(ExitCodes.forFault(cause, code), message, cause);
    }

    private static int remainingMs(final long deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }

    private static String joined(final List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

}
