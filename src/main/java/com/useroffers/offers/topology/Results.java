package com.useroffers.offers.topology;

import com.useroffers.offers.pipeline.DeadLetter;
import com.useroffers.offers.pipeline.Result;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * A stream of {@link Result}s seen as two named streams: its values, which go on to the next step,
 * and its dead letters. Each is a key-preserving {@code flatMapValues} child of the step that made
 * the results, so {@code describe()} shows the error path as plainly as the happy path, with no
 * branch or cast nodes. (bakdata's {@code KErrorStreamX} {@code values()/errors()} is the model.)
 */
final class Results<V> {

    private final KStream<String, Result<V>> results;

    private Results(final KStream<String, Result<V>> results) {
        this.results = results;
    }

    static <V> Results<V> of(final KStream<String, Result<V>> results) {
        return new Results<>(results);
    }

    KStream<String, V> values(final String name) {
        return results.flatMapValues(Result::values, Named.as(name));
    }

    KStream<String, DeadLetter> deadLetters(final String name) {
        return results.flatMapValues(Result::deadLetters, Named.as(name));
    }
}
