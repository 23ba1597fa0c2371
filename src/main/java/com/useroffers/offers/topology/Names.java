package com.useroffers.offers.topology;

/**
 * Every processor, store and internal topic name of the topology, in one place. These names are part
 * of the application's persistent identity: the stores' changelog topics and the repartition topic are
 * {@code <application.id>-<name>-changelog} / {@code -repartition}, so renaming one orphans its state.
 * Change them only together with a reset.
 */
public final class Names {

    public static final String SOURCE = "offers-source";
    public static final String INTAKE = "offers-intake";
    public static final String INTAKE_SPLIT = "offers-intake-";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String ACCEPTED_EVENTS = "offers-accepted-events";
    public static final String REJECTED_RECORDS = "offers-rejected-records";
    /** Repartition by user id, only when the input is not keyed by user. */
    public static final String BY_USER = "offers-by-user";
    public static final String APPLY = "offers-apply";
    public static final String APPLY_SPLIT = "offers-apply-";
    public static final String STATE_CHANGES = "state";
    public static final String DEAD_LETTERS = "dlq";
    public static final String FAILED_EVENTS = "offers-failed-events";
    public static final String STATE_RECORDS = "offers-state-records";
    public static final String STATE_SINK = "offers-state-sink";
    /**
     * Dead letters leave from each sub-topology on its own (intake and apply), rather than through a
     * merge that would fuse the two sub-topologies around the repartition topic into one.
     */
    public static final String INTAKE_DLQ_FORMAT = "offers-intake-dlq-format";
    public static final String INTAKE_DLQ_SINK = "offers-intake-dlq-sink";
    public static final String APPLY_DLQ_FORMAT = "offers-apply-dlq-format";
    public static final String APPLY_DLQ_SINK = "offers-apply-dlq-sink";

    /**
     * Key: {@code userId}; value: the user's {@code OfferState} in the binary form of
     * {@code StoredStateSerde}. Changelog {@code <app>-offers-state-store-changelog}.
     */
    public static final String STATE_STORE = "offers-state-store";
    /**
     * Window store. Key: {@code userId + U+0000 + eventId}; value: the event's 32-byte fingerprint;
     * window start: the stream time at which the id was first seen. Changelog
     * {@code <app>-offers-dedup-store-changelog}.
     */
    public static final String DEDUP_STORE = "offers-dedup-store";

    private Names() {
    }
}
