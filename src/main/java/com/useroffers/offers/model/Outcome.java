package com.useroffers.offers.model;

/** What applying an accepted event produces: a state change for the output topic, or a dead letter. */
public sealed interface Outcome permits StateChange, DeadLetter {
}
