package org.gossipcdn.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format text|json}: text is logback.xml's one line per event; json replaces the
 * console appender with logback's own {@link JsonEncoder}, one JSON object per line on stderr (level,
 * logger, thread, message, timestamp, the node's short id under {@code context.properties.node},
 * throwable), for log shippers that parse rather than grep.
 */
public enum LogFormat {
    TEXT, JSON;

    /** Parses {@code text} or {@code json}; anything else is refused with the choices. */
    public static LogFormat parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "text", "" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("--log-format must be text or json, was '" + text + "'");
        };
    }

    /** Makes this the format of every log line from now on. Does nothing for text (logback.xml's). */
    public void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
        json.setContext(context);
        json.setName("JSON");
        json.setTarget("System.err");
        json.setEncoder(encoder);
        json.start();
        root.detachAndStopAllAppenders();
        root.addAppender(json);
    }
}
