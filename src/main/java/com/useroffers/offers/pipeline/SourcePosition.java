package com.useroffers.offers.pipeline;

/** Where an input record was read from: carried along so a dead letter can say so, even after a repartition. */
public record SourcePosition(String topic, int partition, long offset) {

    /** For a record that has no input position (only possible when a test forwards records by hand). */
    public static final SourcePosition UNKNOWN = new SourcePosition("", -1, -1L);
}
