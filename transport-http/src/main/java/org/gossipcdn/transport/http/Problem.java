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
                + ",\"detail\":" + quote(detail) + ",\"instance\":" + quote(exchange.getRequestPath()) + "}";
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(String.valueOf(s))) + "\"";
    }
}
