package com.useroffers.offers.security;

import java.util.Locale;

/** The commands whose least-privilege ACLs {@link AclPlan} knows, by the name {@code acls.sh --for} takes. */
public enum AclCommand {
    RUN, RESET, PRODUCE, REDRIVE, TOPICS, INGEST, COPY_INPUT;

    /** {@code run} to {@link #RUN}; {@code null} for a name that is none of them. */
    public static AclCommand named(final String name) {
        for (final AclCommand command : values()) {
            if (command.cliName().equals(name)) {
                return command;
            }
        }
        return null;
    }

    /** The command's name on the command line: {@code copy-input} for {@link #COPY_INPUT}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
