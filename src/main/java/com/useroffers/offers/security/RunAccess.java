package com.useroffers.offers.security;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.runtime.KafkaCall;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The ACLs of one {@code run}: its names, the internal topics its topology creates, the principal its
 * settings log in as; the {@link AccessCheck}s before and after the start, and the one line for a
 * denial that Kafka Streams met by itself.
 */
public final class RunAccess {

    private static final Pattern CREATE_FAILED = Pattern.compile("Could not create topic (\\S+?)\\.?(\\s|$)");

    private final AclPlan.Names names;
    private final Set<String> internalTopics;
    private final String principal;

    public RunAccess(final AclPlan.Names names, final TopologyDescription topology, final Map<String, ?> clientSettings) {
        this.names = names;
        this.internalTopics = internalTopics(topology, names.applicationId());
        this.principal = AccessCheck.principalOf(clientSettings);
    }

    /** Changelogs ({@code <application.id>-<store>-changelog}) and repartition topics of the topology, by full name. */
    static Set<String> internalTopics(final TopologyDescription topology, final String applicationId) {
        final Set<String> topics = new TreeSet<>();
        for (final TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (final TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> topics.add(applicationId + "-" + store + "-changelog"));
                } else if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(t -> t.endsWith("-repartition"))
                            .forEach(t -> topics.add(applicationId + "-" + t));
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null
                        && sink.topic().endsWith("-repartition")) {
                    topics.add(applicationId + "-" + sink.topic());
                }
            }
        }
        return Set.copyOf(topics);
    }

    public Set<String> internalTopics() {
        return internalTopics;
    }

    public String principal() {
        return principal;
    }

    /** Before the start: see {@link AccessCheck#checkRun}. */
    public boolean checkBeforeStart(final Admin admin, final Duration timeout, final ShutdownSignal signal) {
        return new AccessCheck(admin, names, principal).checkRun(internalTopics, KafkaCall.within(timeout, signal));
    }

    /** Once RUNNING (the internal topics exist now): see {@link AccessCheck#checkInternalTopics}. */
    public boolean checkInternalTopics(final Admin admin, final Duration timeout, final ShutdownSignal signal) {
        return new AccessCheck(admin, names, principal).checkInternalTopics(internalTopics, KafkaCall.within(timeout, signal));
    }

    /**
     * The one line of a denial in Kafka Streams' own failure {@code fault} (the operation and resource it
     * needed, from the plan, and how to grant it), or {@code null} when {@code fault} is no denial.
     */
    public String deniedLine(final Throwable fault) {
        if (Causes.find(fault, AuthorizationException.class) == null) {
            return null;
        }
        final GroupAuthorizationException group = Causes.find(fault, GroupAuthorizationException.class);
        if (group != null) {
            return line(ResourceType.GROUP, names.applicationId(), null);
        }
        if (Causes.find(fault, TransactionalIdAuthorizationException.class) != null) {
            return line(ResourceType.TRANSACTIONAL_ID, names.applicationId() + "-", null);
        }
        final Matcher create = CREATE_FAILED.matcher(String.valueOf(fault.getMessage()));
        if (create.find()) {
            return AccessCheck.deniedLine(AclCommand.RUN, "CREATE", ResourceType.TOPIC, PatternType.PREFIXED, names.applicationId() + "-",
                    principal, create.group(1));
        }
        final TopicAuthorizationException topics = Causes.find(fault, TopicAuthorizationException.class);
        if (topics != null && !topics.unauthorizedTopics().isEmpty()) {
            final String topic = new TreeSet<>(topics.unauthorizedTopics()).first();
            final boolean internal = topic.startsWith(names.applicationId() + "-");
            return line(ResourceType.TOPIC, internal ? names.applicationId() + "-" : topic, internal ? topic : null);
        }
        return "not authorized: " + Causes.rootMessage(fault) + " for " + principal
                + "; grant run's ACLs (./acls.sh --for run --principal " + principal + " ..., see docs/OPERATIONS.md)";
    }

    /** All operations the plan grants on a resource, as one line naming them. */
    private String line(final ResourceType type, final String name, final String topic) {
        final List<AclPlan.Grant> grants = AclPlan.grants(AclCommand.RUN, names).stream()
                .filter(g -> g.resourceType() == type && g.name().equals(name)).toList();
        final String operations = grants.stream().map(g -> g.operation().name()).collect(Collectors.joining(","));
        final PatternType pattern = grants.isEmpty() ? PatternType.LITERAL : grants.get(0).patternType();
        return AccessCheck.deniedLine(AclCommand.RUN, operations.isEmpty() ? "access" : operations, type, pattern, name, principal, topic);
    }
}
