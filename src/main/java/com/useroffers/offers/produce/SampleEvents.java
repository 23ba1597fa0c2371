package com.useroffers.offers.produce;

import static com.useroffers.offers.model.EventType.OFFER_ASSIGNED;
import static com.useroffers.offers.model.EventType.OFFER_REDEEMED;
import static com.useroffers.offers.model.EventType.OFFER_REVOKED;

import com.useroffers.offers.model.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic stream of sample input records, for demos, tests and benchmarks: the same seed and
 * settings always give the same records, byte for byte. No Kafka, no clock.
 *
 * <p>Each user lives a realistic offer lifecycle, following the contract's transition table: offers
 * are assigned (with or without {@code expiresAt}), redeemed, revoked or re-assigned; an expired offer
 * is renewed or revoked, never redeemed. A user who has redeemed every campaign is replaced by a new
 * user in the same slot, so that a user's state stays small however many events are generated. Event
 * time starts at {@link #START} and advances 1-2000 ms per record.
 *
 * <p>Mixed in: exact duplicates of recent valid events at the {@code duplicates} ratio (half the same
 * bytes, half re-serialized with another field order or a {@code +02:00} offset), and bad records at
 * the {@code invalid} ratio, split equally between the bad {@link SampleKind}s. Bad records never
 * change a user's offers, so every {@link SampleKind#VALID} record is one state update.
 *
 * <p>Values are about 150-250 bytes (a few more with a {@code +02:00} offset), including two fields
 * the application ignores ({@code source}, {@code traceId}), as real producers send.
 */
public final class SampleEvents {

    public static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    private static final String[] CAMPAIGNS = {"WELCOME10", "SPRING25", "SUMMER-SALE", "FREESHIP", "BDAY_2026",
        "VIP-GOLD", "LOYALTY5", "BLACKFRIDAY50", "CYBER_MONDAY", "XMAS-20", "NEWYEAR15", "APP-ONLY-5"};
    /** A code the generator never assigns: redeeming or revoking it is always an invalid transition. */
    private static final String NEVER_ASSIGNED = "RETIRED-PROMO";
    private static final String[] SOURCES = {"mobile-app", "web", "crm", "pos", "partner-api"};
    private static final int RECENT_EVENTS = 256;
    private static final ZoneOffset PLUS_TWO = ZoneOffset.ofHours(2);

    private final SplittableRandom random;
    private final int users;
    private final double duplicates;
    private final double invalid;
    /** The current user of each slot that has had one. */
    private final Map<Integer, SampleUser> usersBySlot = new HashMap<>();
    private final List<SampleEvent> recent = new ArrayList<>(RECENT_EVENTS);
    private long validCount;
    private Instant clock = START;

    /**
     * @param users      how many users are active at a time (at least 1)
     * @param duplicates share of exact duplicates, 0..1
     * @param invalid    share of bad records, 0..1; with {@code duplicates} at most 1
     */
    public SampleEvents(final long seed, final int users, final double duplicates, final double invalid) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, not " + users);
        }
        if (!(duplicates >= 0 && invalid >= 0 && duplicates + invalid <= 1)) {
            throw new IllegalArgumentException("duplicates and invalid must be ratios between 0 and 1 with a sum of at most 1, not "
                    + duplicates + " and " + invalid);
        }
        this.random = new SplittableRandom(seed);
        this.users = users;
        this.duplicates = duplicates;
        this.invalid = invalid;
    }

    public SampleRecord next() {
        clock = clock.plusMillis(1 + random.nextInt(2000));
        final double roll = random.nextDouble();
        if (roll < duplicates && !recent.isEmpty()) {
            return duplicate();
        }
        if (roll < duplicates + invalid) {
            return bad(SampleKind.BAD[random.nextInt(SampleKind.BAD.length)]);
        }
        return valid();
    }

    // --- valid events: one step of a user's lifecycle ----------------------------------------------

    private SampleRecord valid() {
        SampleUser user = pickUser();
        final List<String> assigned = user.assigned();
        final SampleEvent event;
        if (!assigned.isEmpty() && random.nextDouble() < 0.6) {
            event = changeAssigned(user, assigned.get(random.nextInt(assigned.size())));
        } else {
            List<String> candidates = user.assignable(CAMPAIGNS);
            if (candidates.isEmpty()) {
                // Every campaign redeemed: a new user takes the slot, so that no state grows for ever.
                user = user.successor();
                usersBySlot.put(user.slot(), user);
                candidates = user.assignable(CAMPAIGNS);
            }
            event = event(user.id(), OFFER_ASSIGNED, candidates.get(random.nextInt(candidates.size())), expiry());
            user.assign(event.offerCode(), event.expiresAt());
        }
        final byte[] value = SampleJson.write(event.fields(), null);
        remember(event.withBytes(value));
        return new SampleRecord(utf8(event.userId()), value, SampleKind.VALID);
    }

    /** An assigned offer is redeemed (60%), revoked (20%) or re-assigned (20%); an expired one revoked or renewed. */
    private SampleEvent changeAssigned(final SampleUser user, final String code) {
        final boolean expired = user.held(code).isExpiredAt(clock);
        final double roll = random.nextDouble();
        if (!expired && roll < 0.6) {
            user.redeem(code);
            return event(user.id(), OFFER_REDEEMED, code, null);
        }
        if (expired ? roll < 0.5 : roll < 0.8) {
            user.revoke(code);
            return event(user.id(), OFFER_REVOKED, code, null);
        }
        final SampleEvent renewal = event(user.id(), OFFER_ASSIGNED, code, expiry());
        user.assign(code, renewal.expiresAt());
        return renewal;
    }

    /** The last valid events, which duplicates are made of. */
    private void remember(final SampleEvent event) {
        if (recent.size() < RECENT_EVENTS) {
            recent.add(event);
        } else {
            recent.set((int) (validCount % RECENT_EVENTS), event);
        }
        validCount++;
    }

    /** No expiry (40%), a short one of 1-6 hours (12%), or the end of a day 7-30 days ahead (48%). */
    private Instant expiry() {
        final double roll = random.nextDouble();
        if (roll < 0.4) {
            return null;
        }
        if (roll < 0.52) {
            return clock.plus(1 + random.nextInt(6), ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        }
        return clock.plus(7 + random.nextInt(24), ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).minusSeconds(1);
    }

    // --- duplicates and bad records: none of them changes a user's offers ---------------------------

    private SampleRecord duplicate() {
        final SampleEvent original = recent.get(random.nextInt(recent.size()));
        final double roll = random.nextDouble();
        final byte[] value;
        if (roll < 0.5) {
            value = original.bytes();
        } else if (roll < 0.75) {
            value = SampleJson.write(SampleJson.reversed(original.fields()), null);
        } else {
            value = SampleJson.write(original.fields(), PLUS_TWO);
        }
        return new SampleRecord(utf8(original.userId()), value, SampleKind.DUPLICATE);
    }

    private SampleRecord bad(final SampleKind kind) {
        return switch (kind) {
            case MALFORMED -> malformed();
            case INVALID -> invalidFields();
            case KEY_MISMATCH -> keyMismatch();
            case DUPLICATE_CONFLICT -> recent.isEmpty() ? malformed() : conflictingDuplicate();
            case INVALID_TRANSITION -> invalidTransition();
            default -> throw new IllegalArgumentException("not a bad kind: " + kind);
        };
    }

    private SampleRecord malformed() {
        final SampleEvent event = event(pickUser().id(), OFFER_ASSIGNED, campaign(), null);
        final String json = new String(SampleJson.write(event.fields(), null), StandardCharsets.UTF_8);
        final String value = switch (random.nextInt(6)) {
            case 0 -> event.type().name() + " " + event.offerCode() + " to " + event.userId() + " at " + event.occurredAt();
            case 1 -> json.substring(0, json.length() / 3 + random.nextInt(json.length() / 2));
            case 2 -> "[" + json + "]";
            case 3 -> json.replace("{\"eventId\":", "{\"eventId\":\"" + eventId() + "\",\"eventId\":");
            case 4 -> json.replace('"', '\'');
            default -> json.substring(0, json.length() - 1) + ",}";
        };
        return new SampleRecord(utf8(event.userId()), utf8(value), SampleKind.MALFORMED);
    }

    private SampleRecord invalidFields() {
        final SampleEvent event = event(pickUser().id(), OFFER_ASSIGNED, campaign(), clock.plus(10, ChronoUnit.DAYS));
        final Map<String, String> fields = event.fields();
        switch (random.nextInt(8)) {
            case 0 -> fields.put("offerCode", event.offerCode().toLowerCase(Locale.ROOT));
            case 1 -> fields.put("type", "OFFER_EXPIRED"); // no such EventType
            case 2 -> fields.remove("occurredAt");
            case 3 -> fields.put("occurredAt", "yesterday");
            case 4 -> fields.put("expiresAt", clock.minus(1, ChronoUnit.DAYS).toString());
            case 5 -> fields.put("type", OFFER_REDEEMED.name());
            case 6 -> fields.put("eventId", event.eventId() + "\u0007");
            default -> fields.put("userId", null);
        }
        return new SampleRecord(utf8(event.userId()), SampleJson.write(fields, null), SampleKind.INVALID);
    }

    private SampleRecord keyMismatch() {
        final SampleUser user = pickUser();
        final SampleEvent event = event(user.id(), OFFER_ASSIGNED, campaign(), null);
        final double roll = random.nextDouble();
        final byte[] key;
        if (roll < 0.5 && users > 1) {
            key = utf8(userOf((user.slot() + 1 + random.nextInt(users - 1)) % users).id());
        } else if (roll < 0.8) {
            key = utf8(event.userId().toUpperCase(Locale.ROOT));
        } else {
            key = null;
        }
        return new SampleRecord(key, SampleJson.write(event.fields(), null), SampleKind.KEY_MISMATCH);
    }

    /** A recent event's id and user with another occurrence time or offer code: another fingerprint. */
    private SampleRecord conflictingDuplicate() {
        final SampleEvent original = recent.get(random.nextInt(recent.size()));
        final Map<String, String> fields = original.fields();
        if (random.nextBoolean()) {
            fields.put("occurredAt", original.occurredAt().plusSeconds(1 + random.nextInt(59)).toString());
        } else {
            fields.put("offerCode", original.offerCode().equals(CAMPAIGNS[0]) ? CAMPAIGNS[1] : CAMPAIGNS[0]);
        }
        return new SampleRecord(utf8(original.userId()), SampleJson.write(fields, null), SampleKind.DUPLICATE_CONFLICT);
    }

    /** Redeemed offers cannot change, expired ones cannot be redeemed, absent ones neither redeemed nor revoked. */
    private SampleRecord invalidTransition() {
        final SampleUser user = pickUser();
        final List<String> redeemed = user.redeemed();
        final List<String> expired = user.expiredAt(clock);
        final SampleEvent event;
        if (!redeemed.isEmpty() && random.nextBoolean()) {
            final EventType[] types = EventType.values();
            event = event(user.id(), types[random.nextInt(types.length)], redeemed.get(random.nextInt(redeemed.size())), null);
        } else if (!expired.isEmpty()) {
            event = event(user.id(), OFFER_REDEEMED, expired.get(random.nextInt(expired.size())), null);
        } else {
            event = event(user.id(), random.nextBoolean() ? OFFER_REDEEMED : OFFER_REVOKED, NEVER_ASSIGNED, null);
        }
        return new SampleRecord(utf8(event.userId()), SampleJson.write(event.fields(), null), SampleKind.INVALID_TRANSITION);
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** Some users are much more active than others. */
    private SampleUser pickUser() {
        return userOf(Math.min(users - 1, (int) (users * Math.pow(random.nextDouble(), 1.5))));
    }

    private SampleUser userOf(final int slot) {
        return usersBySlot.computeIfAbsent(slot, s -> new SampleUser(s, 0));
    }

    private String campaign() {
        return CAMPAIGNS[random.nextInt(CAMPAIGNS.length)];
    }

    private SampleEvent event(final String userId, final EventType type, final String offerCode, final Instant expiresAt) {
        return new SampleEvent(eventId(), userId, type, offerCode, clock, expiresAt,
                SOURCES[random.nextInt(SOURCES.length)], traceId(), null);
    }

    /** A random (version 4) UUID from the seeded generator. */
    private String eventId() {
        final long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        final long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private String traceId() {
        return String.format("%012x", random.nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
