package com.useroffers.offers.ops;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Locale;

/**
 * The console encoder of {@code logback.xml}: with the environment variable {@code LOG_FORMAT=json},
 * logback's {@link JsonEncoder} (one JSON object per line, for log shippers); otherwise readable text
 * in the configured {@code pattern}. One appender whatever the format, so logback never has an unused
 * appender to warn about, and no {@code <if>} (which would need Janino).
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {

    public static final String FORMAT_ENV = "LOG_FORMAT";

    private String pattern = "%d %-5level [%thread] %logger - %msg%n";
    private Encoder<ILoggingEvent> delegate;

    /** The text layout; ignored for JSON. */
    public void setPattern(final String pattern) {
        this.pattern = pattern;
    }

    static boolean isJson(final String format) {
        return format != null && "json".equals(format.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public void start() {
        if (isJson(System.getenv(FORMAT_ENV))) {
            final JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            delegate = json;
        } else {
            final PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(final ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
