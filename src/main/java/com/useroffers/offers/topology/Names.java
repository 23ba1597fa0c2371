package com.useroffers.offers.topology;

/**
 * The names of the topology's processors and of its repartition topic. The repartition topic's name is
 * part of the application's persistent identity ({@code <application.id>-offers-by-user-repartition}):
 * renaming it strands the records in flight, so change it only together with a reset. The stores are
 * named by the code that builds them ({@code OfferEventProcessorSupplier}).
 */
final class Names {

    static final String SOURCE = "offers-source";
    /** Steps 1-3. */
    static final String INTAKE = "offers-intake";
    static final String ACCEPTED_EVENTS = "offers-accepted-events";
    static final String REJECTED_RECORDS = "offers-rejected-records";
    /** Repartition by user id, only when the input is not keyed by user. */
    static final String BY_USER = "offers-by-user";
    /** Steps 4-5. */
    static final String APPLY = "offers-apply";
    static final String STATE_CHANGES = "offers-state-changes";
    static final String FAILED_EVENTS = "offers-failed-events";
    static final String STATE_RECORDS = "offers-state-records";
    static final String STATE_SINK = "offers-state-sink";
    /**
     * Dead letters leave from each sub-topology on its own (intake and apply), rather than through a
     * merge that would fuse the two sub-topologies around the repartition topic into one.
     */
    static final String INTAKE_DLQ_FORMAT = "offers-intake-dlq-format";
    static final String INTAKE_DLQ_SINK = "offers-intake-dlq-sink";
    static final String APPLY_DLQ_FORMAT = "offers-apply-dlq-format";
    static final String APPLY_DLQ_SINK = "offers-apply-dlq-sink";

    private Names() {
    }
}
