package com.useroffers.offers.processor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap that the tasks of one instance may take together for one kind of in-memory aid (the dedup
 * filters, the recent states), taken and given back as the aid grows and shrinks. Held by the processor
 * supplier, so shared by the instance's tasks across its stream threads.
 */
public final class HeapBudget {

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    public HeapBudget(final long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} if the budget has room for them; otherwise takes nothing and says so. */
    boolean take(final long bytes) {
        final long after = used.addAndGet(bytes);
        if (after > maxBytes) {
            used.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void give(final long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }
}
