package com.useroffers.offers.produce;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the sample events' flat JSON objects, in any field order and with instants at any offset. */
final class SampleJson {

    private static final DateTimeFormatter WITH_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z").toFormatter();

    private SampleJson() {
    }

    static Map<String, String> reversed(final Map<String, String> fields) {
        final List<Map.Entry<String, String>> entries = new ArrayList<>(fields.entrySet());
        final Map<String, String> reversed = new LinkedHashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        return reversed;
    }

    /**
     * A flat JSON object of string fields in the map's order; a {@code null} value is JSON {@code null}.
     * With an {@code offset}, the instants are written at that offset instead of in UTC.
     */
    static byte[] write(final Map<String, String> fields, final ZoneOffset offset) {
        final StringBuilder json = new StringBuilder(256).append('{');
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(name).append("\":");
            if (value == null) {
                json.append("null");
            } else {
                final boolean instant = offset != null && (name.equals("occurredAt") || name.equals("expiresAt"));
                appendString(json, instant ? WITH_OFFSET.format(Instant.parse(value).atOffset(offset)) : value);
            }
        });
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendString(final StringBuilder json, final String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
