package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gcdn watch [KEY]}: follows a node's event stream (GET /v1/events), one line per event. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follows what happens at a node as it happens: writes committed, deletes, conflicts (a concurrent "
                + "version kept beside the winner), untrusted records, members changing state.",
                "With KEY, only that key's events. Runs until interrupted (Ctrl-C) or --count events."})
final class WatchCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Mixin
    Target target;

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "follow only this blob")
    String key;

    @Option(names = "--json", description = "print each event's JSON, a line each")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "stop after N events")
    Integer count;

    @Override
    public Integer call() throws IOException {
        if (key != null) {
            Keys.check(key);
        }
        if (count != null && count < 1) {
            throw CliException.usage("--count must be >= 1, was " + count);
        }
        NodeClient client = target.client();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(client.uri("/v1/events" + (key == null ? "" : "?key=" + key)))
                .header("Accept", "text/event-stream").GET(), HttpResponse.BodyHandlers.ofInputStream());
        NodeClient.ensureOk(r, "events at " + client.node);
        System.err.println("watching " + client.node + (key == null ? "" : " for " + key) + " (Ctrl-C to stop)");
        int seen = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                } else if (line.isEmpty() && !data.isEmpty()) {
                    print(NodeClient.readJson(data.toString().getBytes(StandardCharsets.UTF_8)));
                    data.setLength(0);
                    if (count != null && ++seen >= count) {
                        return 0;
                    }
                }
            }
        }
        throw CliException.failed("the node " + client.node + " closed the event stream");
    }

    private void print(JsonNode e) {
        if (json) {
            System.out.println(Terminal.json(e));
            System.out.flush();
            return;
        }
        String type = e.path("type").asText();
        String what = switch (type) {
            case "committed" -> e.path("key").asText() + "  " + e.path("version").asText() + "  " + e.path("size").asLong() + " bytes  "
                    + e.path("contentType").asText();
            case "deleted" -> e.path("key").asText() + "  " + e.path("version").asText();
            case "conflict" -> e.path("key").asText() + "  kept " + e.path("loser").path("version").asText() + " beside the winner "
                    + e.path("winner").path("version").asText() + " (" + e.path("concurrent").asInt() + " concurrent)";
            case "untrusted" -> e.path("key").asText() + "  from " + e.path("from").asText() + ": " + e.path("reason").asText();
            case "member" -> e.path("address").asText() + "  " + e.path("previous").asText("new") + " -> " + e.path("status").asText()
                    + "  (" + e.path("role").asText() + ", incarnation " + e.path("incarnation").asLong() + ")";
            default -> Terminal.json(e);
        };
        System.out.println(LocalTime.now().format(TIME) + "  " + String.format("%-9s", Terminal.safe(type)) + " " + Terminal.safe(what));
        System.out.flush();
    }
}
