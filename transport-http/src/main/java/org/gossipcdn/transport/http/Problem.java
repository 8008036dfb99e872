package org.gossipcdn.transport.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/** RFC 9457 problem details, written as {@code application/problem+json}. */
public final class Problem {

    private Problem() {
    }

    /** Ends the exchange with {@code status} and a problem body whose detail is {@code detail}. */
    public static void send(HttpServerExchange exchange, int status, String title, String detail) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/problem+json");
        String body = "{\"type\":\"about:blank\",\"title\":" + quote(title) + ",\"status\":" + status
                + ",\"detail\":" + quote(printable(detail)) + ",\"instance\":" + quote(printable(exchange.getRequestPath())) + "}";
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    /**
     * {@code s} safe to show on a terminal or in a log line: control and invisible formatting
     * characters (escape sequences, bidi overrides) become {@code ?}, and it is cut at 500 characters.
     */
    public static String printable(String s) {
        String text = String.valueOf(s);
        StringBuilder b = new StringBuilder(Math.min(text.length(), 501));
        for (int i = 0; i < text.length() && i < 500; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return text.length() > 500 ? b.append('…').toString() : b.toString();
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(String.valueOf(s))) + "\"";
    }
}
