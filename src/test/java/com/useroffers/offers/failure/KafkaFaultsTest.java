package com.useroffers.offers.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/**
 * The one list of Kafka's faults: a call's timeout is no broker unless a fault with a code of its own is
 * in the chain too; a missing source topic cannot be cured by a new thread, a topic Kafka does not know yet can.
 */
class KafkaFaultsTest {

    @Test
    void shouldTakeAKafkaTimeoutOfACallForNoBrokerAfterTheCodedFaults() {
        assertThat(KafkaFaults.exitCodeOfCall(new KafkaException(new TimeoutException("slow")), ExitCodes.FAILED))
                .isEqualTo(ExitCodes.NO_BROKER);
        assertThat(KafkaFaults.exitCodeOfCall(new TimeoutException("slow", new SaslAuthenticationException("bad")), ExitCodes.FAILED))
                .isEqualTo(ExitCodes.AUTHENTICATION_FAILED);
        assertThat(KafkaFaults.exitCodeOfCall(new KafkaException("other"), ExitCodes.FAILED)).isEqualTo(ExitCodes.FAILED);
        assertThat(KafkaFaults.exitCode(new TimeoutException("slow"), ExitCodes.FAILED)).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void shouldTellWhichTopicFaultsANewThreadCanCure() {
        assertThat(KafkaFaults.isIncurable(new StreamsException(new MissingSourceTopicException("gone")))).isTrue();
        assertThat(KafkaFaults.isIncurable(new UnknownTopicOrPartitionException("not yet"))).isFalse();
        assertThat(KafkaFaults.isIncurable(new StreamsException(new TopicAuthorizationException("denied")))).isTrue();
        assertThat(KafkaFaults.isIncurable(new TimeoutException("slow"))).isFalse();
    }
}
