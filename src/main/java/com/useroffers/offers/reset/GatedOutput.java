package com.useroffers.offers.reset;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A stream that writes through to another one until {@link #close()}, and drops everything after. Kafka's
 * StreamsResetter prints to {@code System.out} and {@code System.err}; once a stop has abandoned it, what
 * it still prints (an interrupted call's stack trace, "Done.") must not follow the line saying the reset
 * stopped.
 */
final class GatedOutput extends OutputStream {

    private final PrintStream target;
    private volatile boolean open = true;

    private GatedOutput(final PrintStream target) {
        this.target = target;
    }

    static PrintStream to(final PrintStream target) {
        return new PrintStream(new GatedOutput(target), true, Charset.defaultCharset());
    }

    @Override
    public void write(final int b) {
        if (open) {
            target.write(b);
        }
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) {
        if (open) {
            target.write(bytes, offset, length);
        }
    }

    @Override
    public void flush() {
        if (open) {
            target.flush();
        }
    }

    /** Stops passing anything on; the target itself stays open. */
    @Override
    public void close() throws IOException {
        flush();
        open = false;
    }
}
