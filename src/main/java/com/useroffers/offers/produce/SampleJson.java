package com.useroffers.offers.produce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    private static final JsonFactory JSON = new JsonFactory();

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
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (final Map.Entry<String, String> field : fields.entrySet()) {
                final String name = field.getKey();
                final String value = field.getValue();
                if (value == null) {
                    json.writeNullField(name);
                } else {
                    final boolean instant = offset != null && (name.equals("occurredAt") || name.equals("expiresAt"));
                    json.writeStringField(name, instant ? WITH_OFFSET.format(Instant.parse(value).atOffset(offset)) : value);
                }
            }
            json.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e); // writing into memory: not expected
        }
        return out.toByteArray();
    }
}
