package com.useroffers.offers.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads bytes as exactly one strict RFC 8259 JSON object, or says why they are not one.
 *
 * <p>Jackson alone is too lenient for the contract: {@code readTree(byte[])} guesses UTF-16/32 and
 * ignores content after the first value, and duplicate names and deep nesting are allowed by default.
 * So the bytes are first decoded as strict UTF-8 (overlong forms, encoded surrogates and a byte-order
 * mark refused), then parsed from characters with duplicate detection and a nesting limit, and the
 * parser is asked for one more token to refuse trailing content. ({@code readTree} is not used at all:
 * see {@link #readMembers}.)
 *
 * <p>The contract's limits are the only ones: Jackson's own (numbers over 1,000 digits, names over
 * 50,000 characters, a symbol table that gives up on many names of one hash as a suspected attack)
 * would make valid events {@code MALFORMED} and lose their event id. So every length is bounded by
 * {@code offers.event.max-bytes} alone, and names are not canonicalized: no shared symbol table, which
 * one event could also fill for the ones after it.
 */
final class StrictJson {

    /** The deepest nesting allowed; the root object is level 1. */
    static final int MAX_NESTING_DEPTH = 64;

    private final JsonFactory factory;

    StrictJson(final int maxBytes) {
        // Lengths in characters: a value of maxBytes bytes has at most maxBytes characters.
        final JsonFactory built = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxDocumentLength(maxBytes)
                        .maxStringLength(maxBytes)
                        .maxNameLength(maxBytes)
                        .maxNumberLength(maxBytes)
                        .maxTokenCount(-1)
                        .build())
                .build();
        this.factory = built;
    }

    /**
     * Parses {@code bytes} and returns the root object's members named in {@code names} (others are
     * checked as thoroughly, then skipped); throws {@link MalformedException} with a one-line cause when
     * the bytes are not one JSON object.
     *
     * <p>Streamed, not read into a tree: the parser alone enforces every rule above (duplicate names at
     * any depth, the nesting limit, strings and numbers, one value), so a tree of every member, which
     * was a third of the intake's time (JMH, {@code bench/parts}), bought nothing.
     */
    Map<String, Member> readMembers(final byte[] bytes, final Set<String> names) throws MalformedException {
        final String text = decodeStrictUtf8(bytes);
        try (JsonParser parser = factory.createParser(text)) {
            final JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedException("no JSON value");
            }
            final Map<String, Member> members = new HashMap<>();
            if (first == JsonToken.START_OBJECT) {
                for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                    final String name = parser.currentName();
                    final JsonToken value = parser.nextToken();
                    if (names.contains(name)) {
                        members.put(name, new Member(value == JsonToken.VALUE_STRING ? parser.getText() : null, type(value)));
                    }
                    parser.skipChildren();
                }
            } else {
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new MalformedException("trailing content after the JSON value");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedException("the JSON value is not an object but " + type(first));
            }
            return members;
        } catch (final JsonProcessingException e) {
            throw new MalformedException("invalid JSON: " + e.getOriginalMessage());
        } catch (final IOException e) {
            throw new MalformedException("unreadable JSON: " + e.getMessage());
        }
    }

    /** The JSON type a value starts with, as a message names it. */
    private static String type(final JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    /** A member of the root object: its JSON type, and its text when it is a string. */
    record Member(String text, String type) {
        boolean isNull() {
            return "null".equals(type);
        }

        boolean isString() {
            return text != null;
        }
    }

    private static String decodeStrictUtf8(final byte[] bytes) throws MalformedException {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            throw new MalformedException("starts with a UTF-8 byte-order mark");
        }
        if (isAscii(bytes)) {
            // ASCII is valid UTF-8 as it is: the common case skips the decoder's buffers.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            final CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (final CharacterCodingException e) {
            throw new MalformedException("not valid UTF-8: " + e.getMessage());
        }
    }

    private static boolean isAscii(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The value is not one strict JSON object. */
    static final class MalformedException extends Exception {
        MalformedException(final String message) {
            super(message, null, false, false);
        }
    }
}
