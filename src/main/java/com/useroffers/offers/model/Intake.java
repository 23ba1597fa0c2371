package com.useroffers.offers.model;

/** What the intake step (parse, validate, key check) makes of an input record: accepted or dead-lettered. */
public sealed interface Intake permits Envelope, DeadLetter {
}
