package com.useroffers.offers.produce;

/**
 * One sample input record.
 *
 * @param key   the record key (UTF-8 {@code userId} unless the kind is {@link SampleKind#KEY_MISMATCH});
 *              {@code null} for a record without key
 * @param value the record value, the event JSON (or not, for {@link SampleKind#MALFORMED})
 */
public record SampleRecord(byte[] key, byte[] value, SampleKind kind) {
}
