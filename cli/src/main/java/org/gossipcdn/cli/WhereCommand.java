package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gcdn where KEY}: the blob's holders by score, which confirm its content, and which nodes cache it. */
@Command(name = "where", mixinStandardHelpOptions = true,
        description = {"Shows where the content of blob KEY is, as the node asked sees it: its R holders, best",
                "rendezvous score first, whether each confirms it has the current version's content, and the",
                "other nodes that keep a cache copy."})
final class WhereCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(paramLabel = "KEY", description = "the blob's UUID")
    String key;

    @Option(names = "--json", description = "print the node's JSON answer")
    boolean json;

    @Override
    public Integer call() {
        Keys.check(key);
        NodeClient client = target.client();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(client.uri("/v1/blobs/" + key + "/replicas")).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            throw CliException.failed("no blob " + key + " at " + client.node);
        }
        NodeClient.ensureOk(r, "where at " + client.node);
        JsonNode v = NodeClient.readJson(r.body());
        if (json) {
            System.out.println(Terminal.json(v));
            return 0;
        }
        System.out.print(table(v));
        return 0;
    }

    /** The human form: one line per holder, then per cache. */
    static String table(JsonNode v) {
        StringBuilder out = new StringBuilder();
        int confirmed = 0;
        for (JsonNode h : v.path("holders")) {
            confirmed += h.path("confirmed").asBoolean() ? 1 : 0;
        }
        out.append(String.format("key      %s%n", Terminal.safe(v.path("key").asText())));
        out.append(String.format("version  %s%n", Terminal.safe(v.path("version").asText())));
        out.append(String.format("copies   %d of R = %d holders confirm the content%n%n", confirmed, v.path("replicas").asInt()));
        out.append(String.format("%-8s %-34s %-24s %-12s %s%n", "ROLE", "NODE", "ADDRESS", "SCORE", "CONTENT"));
        for (JsonNode h : v.path("holders")) {
            out.append(String.format("%-8s %-34s %-24s %-12.6g %s%n", "holder", Terminal.safe(h.path("node").asText()),
                    Terminal.safe(h.path("address").asText()), h.path("score").asDouble(),
                    h.path("confirmed").asBoolean() ? "confirmed" : "MISSING or no answer"));
        }
        for (JsonNode c : v.path("caches")) {
            out.append(String.format("%-8s %-34s %-24s %-12s %s%n", "cache", Terminal.safe(c.path("node").asText()),
                    Terminal.safe(c.path("address").asText()), "-", "cached"));
        }
        return out.toString();
    }
}
