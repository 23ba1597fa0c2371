package com.useroffers.offers.security;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.Awaited;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Checks, before Kafka Streams starts, that the principal holds every ACL of {@link AclPlan} for
 * {@code run}, and refuses with exit 7 and one line naming the first one missing. Kafka Streams would
 * find most of them missing by itself, but late (some only at the next restore or restart, such as READ on
 * the changelogs), and say so with an exception that names neither the operation nor, for a transactional
 * id, the resource.
 *
 * <p>What the Admin API can tell without side effects: a topic's authorized operations
 * ({@code includeAuthorizedOperations}); CREATE on an internal topic not created yet (a validate-only
 * CreateTopics); a group's DESCRIBE (implied by READ, its only grant); a transactional id prefix's
 * DESCRIBE (implied by WRITE, its only grant) by describing an id under the prefix. An internal topic
 * that does not exist yet is checked again once Kafka Streams has created it ({@link #checkInternalTopics}).
 */
public final class AccessCheck {

    private static final Pattern USERNAME = Pattern.compile("\\busername\\s*=\\s*\"([^\"]*)\"");

    private final Admin admin;
    private final AclPlan.Names names;
    private final String principal;
    private final Duration timeout;
    private final ShutdownSignal signal;

    public AccessCheck(final Admin admin, final AclPlan.Names names, final String principal, final Duration timeout,
                       final ShutdownSignal signal) {
        this.admin = admin;
        this.names = names;
        this.principal = principal;
        this.timeout = timeout;
        this.signal = signal;
    }

    /**
     * Every grant of {@code run}; internal topics ({@code <application.id>-...}) that exist by their
     * authorized operations, those that do not by CREATE only.
     *
     * @return {@code false} when a stop was requested meanwhile
     * @throws RunFailure {@link ExitCodes#NOT_AUTHORIZED} naming the first grant missing
     */
    public boolean checkRun(final Collection<String> internalTopics) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        for (final AclPlan.Grant grant : AclPlan.grants(AclCommand.RUN, names)) {
            final Boolean held = switch (grant.resourceType()) {
                case TOPIC -> grant.patternType() == PatternType.LITERAL
                        ? topicAllows(grant.name(), grant.operation(), deadline)
                        : internalTopicsAllow(grant, internalTopics, true, deadline);
                case GROUP -> groupDescribable(grant.name(), deadline);
                case TRANSACTIONAL_ID -> transactionalIdDescribable(grant.name() + "access-check", deadline);
                default -> Boolean.TRUE;
            };
            if (held == null) {
                return false;
            }
            if (!held) {
                throw denied(grant, null);
            }
        }
        return true;
    }

    /**
     * The grants on internal topics, checked on the topics as they are now (after Kafka Streams created them).
     *
     * @return {@code false} when a stop was requested meanwhile
     * @throws RunFailure {@link ExitCodes#NOT_AUTHORIZED} naming the first grant missing
     */
    public boolean checkInternalTopics(final Collection<String> internalTopics) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        for (final AclPlan.Grant grant : AclPlan.grants(AclCommand.RUN, names)) {
            if (grant.resourceType() == ResourceType.TOPIC && grant.patternType() == PatternType.PREFIXED) {
                final Boolean held = internalTopicsAllow(grant, internalTopics, false, deadline);
                if (held == null) {
                    return false;
                }
                if (!held) {
                    throw denied(grant, null);
                }
            }
        }
        return true;
    }

    /** The one line of a missing grant: operation, resource, principal, and how to grant it. */
    public static String deniedLine(final AclPlan.Grant grant, final String principal, final String topic) {
        return deniedLine(AclCommand.RUN, grant.operation().name(), grant.resourceType(), grant.patternType(), grant.name(),
                principal, topic);
    }

    /**
     * {@code not authorized: READ on topic 'user-offers' for User:app; grant it (./acls.sh --for run ...)}:
     * {@code operations} on the resource, {@code topic} the internal topic meant by a prefix (or {@code null}).
     */
    public static String deniedLine(final AclCommand command, final String operations, final ResourceType type,
                                    final PatternType pattern, final String name, final String principal, final String topic) {
        final boolean prefixed = pattern == PatternType.PREFIXED;
        final String resource = switch (type) {
            case TOPIC -> prefixed
                    ? "topics prefixed '" + name + "'" + (topic == null ? "" : " (internal topic '" + topic + "')")
                    : "topic '" + name + "'";
            case GROUP -> "group '" + name + "'";
            case TRANSACTIONAL_ID -> (prefixed ? "transactional ids prefixed '" : "transactional id '") + name + "'";
            default -> type.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
        };
        return "not authorized: " + operations + " on " + resource + " for " + principal + "; grant it (./acls.sh --for " + command.cliName()
                + " --principal " + principal + " ..., see docs/OPERATIONS.md)";
    }

    private RunFailure denied(final AclPlan.Grant grant, final String topic) {
        return new RunFailure(ExitCodes.NOT_AUTHORIZED, deniedLine(grant, principal, topic));
    }

    /** {@code null} when stopped. */
    private Boolean topicAllows(final String topic, final AclOperation operation, final long deadline) {
        final Awaited<TopicDescription> described = await(admin.describeTopics(List.of(topic),
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(remainingMs(deadline)))
                .topicNameValues().get(topic), deadline);
        return switch (described.status()) {
            case STOPPED -> null;
            case DONE -> described.value().authorizedOperations() == null
                    || described.value().authorizedOperations().contains(operation);
            case FAILED -> {
                if (described.failure() instanceof AuthorizationException) {
                    yield false;
                }
                throw unexpected("describing topic '" + topic + "'", described);
            }
            default -> throw unexpected("describing topic '" + topic + "'", described);
        };
    }

    /**
     * Every internal topic under the grant's prefix: one that exists by its authorized operations, one that
     * does not (only when {@code createMissing}) by a validate-only creation for CREATE.
     */
    private Boolean internalTopicsAllow(final AclPlan.Grant grant, final Collection<String> internalTopics,
                                        final boolean createMissing, final long deadline) {
        for (final String topic : internalTopics) {
            if (!topic.startsWith(grant.name())) {
                continue;
            }
            final Awaited<TopicDescription> described = await(admin.describeTopics(List.of(topic),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(remainingMs(deadline)))
                    .topicNameValues().get(topic), deadline);
            final Boolean held = switch (described.status()) {
                case STOPPED -> null;
                case DONE -> described.value().authorizedOperations() == null
                        || described.value().authorizedOperations().contains(grant.operation());
                case FAILED -> {
                    if (described.failure() instanceof UnknownTopicOrPartitionException) {
                        yield !createMissing || grant.operation() != AclOperation.CREATE || creatable(topic, deadline);
                    }
                    if (described.failure() instanceof AuthorizationException) {
                        yield false;
                    }
                    throw unexpected("describing topic '" + topic + "'", described);
                }
                default -> throw unexpected("describing topic '" + topic + "'", described);
            };
            if (held == null) {
                return null;
            }
            if (!held) {
                throw denied(grant, topic);
            }
        }
        return true;
    }

    private boolean creatable(final String topic, final long deadline) {
        final Awaited<Void> created = await(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)),
                new CreateTopicsOptions().validateOnly(true).timeoutMs(remainingMs(deadline))).all(), deadline);
        if (created.status() == Awaited.Status.FAILED) {
            return !(created.failure() instanceof AuthorizationException);
        }
        return true;
    }

    private Boolean groupDescribable(final String group, final long deadline) {
        final Awaited<ConsumerGroupDescription> described = await(admin.describeConsumerGroups(Set.of(group),
                new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true).timeoutMs(remainingMs(deadline)))
                .describedGroups().get(group), deadline);
        return switch (described.status()) {
            case STOPPED -> null;
            case DONE -> described.value().authorizedOperations() == null || described.value().authorizedOperations().isEmpty()
                    || described.value().authorizedOperations().contains(AclOperation.READ);
            case FAILED -> !(described.failure() instanceof AuthorizationException);
            default -> throw unexpected("describing group '" + group + "'", described);
        };
    }

    private Boolean transactionalIdDescribable(final String transactionalId, final long deadline) {
        final Awaited<?> described = await(admin.describeTransactions(List.of(transactionalId)).description(transactionalId),
                deadline);
        return switch (described.status()) {
            case STOPPED -> null;
            case DONE -> true;
            case FAILED -> !(described.failure() instanceof AuthorizationException);
            default -> throw unexpected("describing transactional id '" + transactionalId + "'", described);
        };
    }

    private RunFailure unexpected(final String what, final Awaited<?> outcome) {
        if (outcome.status() == Awaited.Status.TIMED_OUT) {
            return new RunFailure(ExitCodes.NO_BROKER, "Kafka did not answer " + what + " within " + timeout);
        }
        return new RunFailure(ExitCodes.forFault(outcome.failure(), ExitCodes.FAILED),
                what + " failed: " + outcome.failure(), outcome.failure());
    }

    private <T> Awaited<T> await(final KafkaFuture<T> future, final long deadline) {
        final Awaited<T> awaited = Awaited.await(future, Duration.ofNanos(deadline - System.nanoTime()), signal);
        return awaited.failure() instanceof org.apache.kafka.common.errors.TimeoutException
                ? new Awaited<>(Awaited.Status.TIMED_OUT, null, null)
                : awaited;
    }

    private static int remainingMs(final long deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }

    /**
     * The principal the client settings log in as, for the one line: {@code User:<username>} of a SASL
     * login module's options (SCRAM, PLAIN), otherwise a description. Never the password.
     */
    public static String principalOf(final Map<String, ?> clientSettings) {
        final Object jaas = clientSettings.get(SaslConfigs.SASL_JAAS_CONFIG);
        final String text = jaas instanceof Password password ? password.value() : jaas == null ? null : jaas.toString();
        if (text != null) {
            final Matcher username = USERNAME.matcher(text);
            if (username.find()) {
                return "User:" + username.group(1);
            }
        }
        return "the principal of these client settings";
    }
}
