package com.useroffers.offers.produce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One sample user and the offers the generator has given it so far, as the application will see
 * them: enough to generate only events the transition table allows (or, on purpose, only ones it
 * refuses). Offer codes are kept sorted, so that choices among them are reproducible.
 */
final class SampleUser {

    private final int slot;
    private final int generation;
    private final String id;
    private final TreeMap<String, Held> offers = new TreeMap<>();

    SampleUser(final int slot, final int generation) {
        this.slot = slot;
        this.generation = generation;
        final String base = String.format("user-%06d", slot);
        this.id = generation == 0 ? base : base + "-" + generation;
    }

    /** The user who takes this one's place (a new account): same slot, no offers. */
    SampleUser successor() {
        return new SampleUser(slot, generation + 1);
    }

    int slot() {
        return slot;
    }

    String id() {
        return id;
    }

    Held held(final String code) {
        return offers.get(code);
    }

    /** Codes currently {@code ASSIGNED}, expired ones included. */
    List<String> assigned() {
        return codes(false);
    }

    List<String> redeemed() {
        return codes(true);
    }

    /** Codes {@code ASSIGNED} with an expiry that is not after {@code now}: they cannot be redeemed. */
    List<String> expiredAt(final Instant now) {
        final List<String> expired = new ArrayList<>();
        offers.forEach((code, held) -> {
            if (held.isExpiredAt(now)) {
                expired.add(code);
            }
        });
        return expired;
    }

    /** Of {@code campaigns}, those the user has never had or, if none, those it holds unredeemed; empty when all are redeemed. */
    List<String> assignable(final String[] campaigns) {
        final List<String> absent = new ArrayList<>();
        final List<String> held = new ArrayList<>();
        for (final String code : campaigns) {
            final Held offer = offers.get(code);
            if (offer == null) {
                absent.add(code);
            } else if (!offer.redeemed()) {
                held.add(code);
            }
        }
        return absent.isEmpty() ? held : absent;
    }

    void assign(final String code, final Instant expiresAt) {
        offers.put(code, new Held(false, expiresAt));
    }

    void redeem(final String code) {
        offers.put(code, new Held(true, offers.get(code).expiresAt()));
    }

    void revoke(final String code) {
        offers.remove(code);
    }

    private List<String> codes(final boolean redeemed) {
        final List<String> codes = new ArrayList<>();
        offers.forEach((code, held) -> {
            if (held.redeemed() == redeemed) {
                codes.add(code);
            }
        });
        return codes;
    }

    /** What the user holds of one offer code. */
    record Held(boolean redeemed, Instant expiresAt) {

        boolean isExpiredAt(final Instant now) {
            return !redeemed && expiresAt != null && !expiresAt.isAfter(now);
        }
    }
}
