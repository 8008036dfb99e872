package org.gossipcdn.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import java.nio.ByteBuffer;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gossipcdn.transport.http.Problem;

/** RFC 9457 problem details with an extension member {@code reasons} (a list of sentences). */
final class ProblemJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProblemJson() {
    }

    static void send(HttpServerExchange ex, int status, String title, String detail, List<String> reasons) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", Problem.printable(detail));
        body.put("instance", Problem.printable(ex.getRequestPath()));
        if (!reasons.isEmpty()) {
            body.put("reasons", reasons.stream().map(Problem::printable).toList());
        }
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/problem+json");
        try {
            ex.getResponseSender().send(ByteBuffer.wrap(MAPPER.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a problem", e);
        }
    }
}
