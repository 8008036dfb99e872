package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gcdn ls}: the keys a node holds, in key order, page by page (GET /v1/blobs?after&limit). */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Lists the blobs a node holds in key order: key, size, content type, version (and kept concurrent versions).")
final class LsCommand implements Callable<Integer> {

    static final int PAGE = 1000;

    @Mixin
    Target target;

    @Option(names = "--after", paramLabel = "KEY", description = "start after this key (the 'more:' hint of a limited listing)")
    String after;

    @Option(names = "--limit", paramLabel = "N", description = "list at most N blobs (default: all)")
    Integer limit;

    @Option(names = "--deleted", description = "also list deleted keys whose tombstones are still kept")
    boolean deleted;

    @Option(names = "--json", description = "print one JSON object per blob, a line each")
    boolean json;

    @Option(names = {"-q", "--keys-only"}, description = "print only the keys")
    boolean keysOnly;

    @Override
    public Integer call() {
        if (after != null) {
            Keys.check(after);
        }
        if (limit != null && limit < 1) {
            throw CliException.usage("--limit must be >= 1, was " + limit);
        }
        NodeClient client = target.client();
        String cursor = after;
        long printed = 0;
        while (true) {
            int want = limit == null ? PAGE : (int) Math.min(PAGE, limit - printed);
            JsonNode page = client.getJson("/v1/blobs?limit=" + want + (cursor == null ? "" : "&after=" + cursor)
                    + (deleted ? "&deleted=true" : ""));
            for (JsonNode b : page.path("blobs")) {
                print(b);
                printed++;
            }
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
            if (cursor == null) {
                return 0;
            }
            if (limit != null && printed >= limit) {
                System.err.println("more: gcdn ls --after " + Terminal.safe(cursor) + (target.explicit() ? " --node " + client.node : ""));
                return 0;
            }
        }
    }

    private void print(JsonNode b) {
        if (json) {
            System.out.println(Terminal.json(b));
        } else if (keysOnly) {
            System.out.println(Terminal.safe(b.path("key").asText()));
        } else {
            int concurrent = b.path("concurrent").asInt();
            System.out.printf("%s %10d  %-24s %s%s%s%n", Terminal.safe(b.path("key").asText()), b.path("size").asLong(),
                    Terminal.safe(b.path("contentType").asText()), Terminal.safe(b.path("version").asText()),
                    b.path("tombstone").asBoolean() ? "  (deleted)" : "",
                    concurrent > 0 ? "  (+" + concurrent + " concurrent: gcdn stat)" : "");
        }
    }
}
