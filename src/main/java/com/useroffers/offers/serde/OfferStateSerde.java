package com.useroffers.offers.serde;

import com.useroffers.offers.domain.StateJson;
import com.useroffers.offers.model.OfferState;

/** Serde for {@link OfferState} as canonical JSON (the output topic); {@code null} (a tombstone) stays {@code null}. */
public final class OfferStateSerde extends ValueSerde<OfferState> {

    public OfferStateSerde() {
        super("offer state", StateJson::write, StateJson::read);
    }
}
