package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gcdn stat KEY}: the winning version and the kept concurrent losers. */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = "Shows the blob KEY: its winning version and any kept concurrent versions.")
final class StatCommand implements Callable<Integer> {

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
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(client.uri("/v1/blobs/" + key + "/versions")).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            throw client.noBlob(key);
        }
        NodeClient.ensureOk(r, "stat at " + client.node);
        JsonNode v = NodeClient.readJson(r.body());
        com.fasterxml.jackson.databind.node.ArrayNode held = HeldBy.ask(target, client, key, v.path("winner").path("version").asText());
        if (json) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) v).set("heldBy", held);
            System.out.println(Terminal.json(v));
            return 0;
        }
        JsonNode w = v.get("winner");
        System.out.printf("key        %s%n", key);
        System.out.printf("state      %s%n", w.get("tombstone").asBoolean() ? "deleted" : "live");
        print("winner", w);
        for (JsonNode l : v.get("losers")) {
            print("concurrent", l);
        }
        long written = hlcMillis(v.path("winner").path("version").asText());
        String label = "held by";
        for (JsonNode h : held) {
            String what = switch (h.path("holds").asText()) {
                case "winner" -> "this version" + (h.path("committedAt").isNumber()
                        ? " since " + java.time.Instant.ofEpochMilli(h.path("committedAt").asLong())
                                + (written > 0 ? " (" + (h.path("committedAt").asLong() - written) + " ms after its stamp)" : "")
                        : " (since before the node's recent-commit window)");
                case "other" -> "another version, " + h.path("version").asText();
                case "none" -> "nothing of it yet";
                default -> "no answer: " + h.path("error").asText();
            };
            System.out.printf("%-10s %-22s %s%n", label, Terminal.safe(h.path("address").asText()), Terminal.safe(what));
            label = "";
        }
        return 0;
    }

    /** The wall-clock part of a version's HLC ("millis.counter@node"), or 0. */
    static long hlcMillis(String version) {
        try {
            return Long.parseLong(version.substring(0, version.indexOf('.')));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void print(String label, JsonNode r) {
        System.out.printf("%-10s %s  %s  %d bytes  %s  etag %s%n", label, Terminal.safe(r.path("version").asText()),
                r.path("tombstone").asBoolean() ? "(delete)" : Terminal.safe(r.path("contentType").asText()), r.path("size").asLong(),
                Terminal.safe(r.path("content").asText()), Terminal.safe(r.path("etag").asText()));
    }
}
