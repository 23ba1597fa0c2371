package com.useroffers.offers.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of a plan as a text table, one row per resource with its operations, as {@code acls.sh} prints
 * them (and the docs list them): {@code RESOURCE  PATTERN  NAME  OPERATIONS  PRINCIPAL  WHY}.
 */
public final class AclTable {

    private record Resource(ResourceType type, PatternType pattern, String name) {
    }

    private AclTable() {
    }

    public static String of(final List<AclPlan.Grant> grants, final String principal) {
        final Map<Resource, List<AclPlan.Grant>> byResource = new LinkedHashMap<>();
        for (final AclPlan.Grant grant : grants) {
            byResource.computeIfAbsent(new Resource(grant.resourceType(), grant.patternType(), grant.name()),
                    key -> new ArrayList<>()).add(grant);
        }
        final List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RESOURCE", "PATTERN", "NAME", "OPERATIONS", "PRINCIPAL", "WHY"});
        byResource.forEach((resource, its) -> rows.add(new String[] {
            resource.type().name(), resource.pattern().name(), resource.name(),
            its.stream().map(grant -> grant.operation().name()).collect(Collectors.joining(",")),
            principal,
            its.stream().map(AclPlan.Grant::why).filter(Objects::nonNull).collect(Collectors.joining("; "))}));
        final int[] widths = new int[rows.get(0).length - 1];
        for (final String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder text = new StringBuilder();
        for (final String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                text.append(String.format("%-" + widths[i] + "s  ", row[i]));
            }
            text.append(row[widths.length]).append('\n');
        }
        return text.toString();
    }
}
