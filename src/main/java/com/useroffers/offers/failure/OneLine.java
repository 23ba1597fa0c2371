package com.useroffers.offers.failure;

/**
 * A failure's text made fit for one line: a dead letter's {@code offers.dlq.error} header and the
 * line a command prints on stderr.
 *
 * <p>In {@code failure/} next to {@link Causes}, not in the CLI: it depends on nothing, so
 * {@code processor/} imports it without pulling in the command line.
 */
public final class OneLine {

    private OneLine() {
    }

    /**
     * Control characters (line breaks included), Unicode line and paragraph separators and unpaired
     * surrogates become spaces, one for one; the result is cut to at most {@code maxBytes} bytes of
     * UTF-8, on a character boundary.
     */
    public static String of(final String text, final int maxBytes) {
        final StringBuilder line = new StringBuilder(Math.min(text.length(), maxBytes));
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (breaksTheLine(cp)) {
                cp = ' ';
            }
            final int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            line.appendCodePoint(cp);
            bytes += size;
        }
        return line.toString();
    }

    private static boolean breaksTheLine(final int cp) {
        final int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }
}
