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
        if (json) {
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
        return 0;
    }

    private static void print(String label, JsonNode r) {
        System.out.printf("%-10s %s  %s  %d bytes  %s  etag %s%n", label, Terminal.safe(r.path("version").asText()),
                r.path("tombstone").asBoolean() ? "(delete)" : Terminal.safe(r.path("contentType").asText()), r.path("size").asLong(),
                Terminal.safe(r.path("content").asText()), Terminal.safe(r.path("etag").asText()));
    }
}
