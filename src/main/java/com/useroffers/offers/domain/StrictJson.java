package com.useroffers.offers.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads bytes as exactly one strict RFC 8259 JSON object, or says why they are not one.
 *
 * <p>Jackson alone is too lenient for the contract: {@code readTree(byte[])} guesses UTF-16/32 and
 * ignores content after the first value, and duplicate names and deep nesting are allowed by default.
 * So the bytes are first decoded as strict UTF-8 (overlong forms, encoded surrogates and a byte-order
 * mark refused), then parsed from characters with duplicate detection and a nesting limit, and the
 * parser is asked for one more token to refuse trailing content.
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

    private final ObjectMapper mapper;

    StrictJson(final int maxBytes) {
        // Lengths in characters: a value of maxBytes bytes has at most maxBytes characters.
        final JsonFactory factory = JsonFactory.builder()
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
        this.mapper = new ObjectMapper(factory);
    }

    /** Parses {@code bytes}; throws {@link MalformedException} with a one-line cause when they are not one JSON object. */
    JsonNode readObject(final byte[] bytes) throws MalformedException {
        final String text = decodeStrictUtf8(bytes);
        try (JsonParser parser = mapper.getFactory().createParser(text)) {
            final JsonNode root = mapper.readTree(parser);
            if (root == null || root.isMissingNode()) {
                throw new MalformedException("no JSON value");
            }
            if (parser.nextToken() != null) {
                throw new MalformedException("trailing content after the JSON value");
            }
            if (!root.isObject()) {
                throw new MalformedException("the JSON value is not an object but " + root.getNodeType().name().toLowerCase());
            }
            return root;
        } catch (final JsonProcessingException e) {
            throw new MalformedException("invalid JSON: " + e.getOriginalMessage());
        } catch (final IOException e) {
            throw new MalformedException("unreadable JSON: " + e.getMessage());
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
