package com.useroffers.offers.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * What a step that can fail makes of one record: a value for the next step, or a dead letter. The
 * topology sees a stream of results as two streams, its values and its dead letters
 * ({@code topology/Results}), so no step downstream ever asks which one it holds.
 */
public sealed interface Result<V> {

    static <V> Result<V> ok(final V value) {
        return new Ok<>(value);
    }

    static <V> Result<V> failed(final DeadLetter deadLetter) {
        return new Failed<>(deadLetter);
    }

    /** The value, if this is one: none or one element. */
    List<V> values();

    /** The dead letter, if this is one: none or one element. */
    List<DeadLetter> deadLetters();

    record Ok<V>(V value) implements Result<V> {

        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public List<V> values() {
            return List.of(value);
        }

        @Override
        public List<DeadLetter> deadLetters() {
            return List.of();
        }
    }

    record Failed<V>(DeadLetter deadLetter) implements Result<V> {

        public Failed {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }

        @Override
        public List<V> values() {
            return List.of();
        }

        @Override
        public List<DeadLetter> deadLetters() {
            return List.of(deadLetter);
        }
    }
}
