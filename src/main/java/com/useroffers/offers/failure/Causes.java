package com.useroffers.offers.failure;

/** Walks an exception's cause chain: what the one-line messages and the failure policies look into. */
public final class Causes {

    /** Cause chains can in theory be cyclic; real ones are a handful deep. */
    private static final int MAX_DEPTH = 32;

    private Causes() {
    }

    /** The first throwable of the given type in the cause chain, {@code throwable} included, or {@code null}. */
    public static <T extends Throwable> T find(final Throwable throwable, final Class<T> type) {
        Throwable t = throwable;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The message of the deepest cause (the one that says what actually went wrong), or its class name when it has none. */
    public static String rootMessage(final Throwable throwable) {
        Throwable root = throwable;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_DEPTH; depth++) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
