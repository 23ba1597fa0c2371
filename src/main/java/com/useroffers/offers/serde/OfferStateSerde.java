package com.useroffers.offers.serde;

import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.model.OfferState;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde for {@link OfferState} as canonical JSON; {@code null} (a tombstone) stays {@code null}. */
public final class OfferStateSerde implements Serde<OfferState> {

    @Override
    public Serializer<OfferState> serializer() {
        return (topic, state) -> state == null ? null : StateJson.write(state);
    }

    @Override
    public Deserializer<OfferState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return StateJson.read(bytes);
            } catch (final RuntimeException e) {
                throw new SerializationException("cannot read offer state from topic " + topic, e);
            }
        };
    }
}
