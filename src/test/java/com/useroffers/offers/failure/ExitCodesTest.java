package com.useroffers.offers.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One exit code per cause, none of them 3; a Kafka fault maps to its cause's code wherever it sits in the chain. */
class ExitCodesTest {

    @Test
    void shouldHaveOneDistinctCodePerCauseAndNoneIsThree() throws IllegalAccessException {
        final List<Integer> codes = new java.util.ArrayList<>();
        for (final Field field : ExitCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                codes.add(field.getInt(null));
            }
        }

        assertThat(codes).doesNotHaveDuplicates().doesNotContain(3).containsExactlyInAnyOrder(0, 1, 2, 4, 5, 6, 7, 8, 9, 10);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(new SaslAuthenticationException("bad password"), ExitCodes.AUTHENTICATION_FAILED),
                Arguments.of(new StreamsException(new SaslAuthenticationException("bad password")), ExitCodes.AUTHENTICATION_FAILED),
                Arguments.of(new TopicAuthorizationException("denied"), ExitCodes.NOT_AUTHORIZED),
                Arguments.of(new StreamsException(new KafkaException(new TransactionalIdAuthorizationException("denied"))),
                        ExitCodes.NOT_AUTHORIZED),
                Arguments.of(new MissingSourceTopicException("gone"), ExitCodes.TOPIC_MISSING),
                Arguments.of(new KafkaException(new UnknownTopicOrPartitionException("gone")), ExitCodes.TOPIC_MISSING),
                Arguments.of(new StreamsException(new FencedInstanceIdException("same group.instance.id")), ExitCodes.USAGE),
                Arguments.of(new StreamsException(new InvalidSessionTimeoutException("below the broker's minimum")), ExitCodes.USAGE),
                Arguments.of(new TimeoutException("slow"), ExitCodes.FAILED),
                Arguments.of(new OutOfMemoryError(), ExitCodes.FAILED),
                Arguments.of(null, ExitCodes.FAILED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("faults")
    void shouldMapAKafkaFaultToTheCodeOfItsCause(final Throwable fault, final int expected) {
        assertThat(ExitCodes.forFault(fault, ExitCodes.FAILED)).isEqualTo(expected);
    }

    @Test
    void shouldReturnTheGivenCodeForAnythingElse() {
        assertThat(ExitCodes.forFault(new IllegalStateException(), ExitCodes.USAGE)).isEqualTo(ExitCodes.USAGE);
    }
}
