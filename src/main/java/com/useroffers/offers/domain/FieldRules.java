package com.useroffers.offers.domain;

import java.util.regex.Pattern;

/** The contract's rules for single field values, as plain predicates. */
public final class FieldRules {

    static final int MAX_ID_CODE_POINTS = 128;
    private static final Pattern OFFER_CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,63}");

    private FieldRules() {
    }

    /**
     * An id (event or user): 1..128 code points, no control character (category Cc) and no unpaired
     * surrogate. Returns why not, or {@code null} when the value is fine.
     */
    public static String idProblem(final String value) {
        if (value.isEmpty()) {
            return "is empty";
        }
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            final int cp = value.codePointAt(i);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                return "contains an unpaired surrogate";
            }
            if (Character.getType(cp) == Character.CONTROL) {
                return "contains a control character";
            }
            count++;
            i += Character.charCount(cp);
        }
        return count > MAX_ID_CODE_POINTS ? "is longer than " + MAX_ID_CODE_POINTS + " characters" : null;
    }

    /** {@code matches()} rather than {@code find()} with {@code $}, which also matches before a final newline. */
    static boolean isOfferCode(final String value) {
        return OFFER_CODE.matcher(value).matches();
    }
}
