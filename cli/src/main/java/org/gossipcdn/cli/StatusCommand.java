package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gcdn status}: every member with its state, and every live data node's own view (keys,
 * digest root, how far behind the newest write it is, disk) side by side. Converged means every live
 * data node answers with the same digest root and member count, and no member is suspect or dead;
 * only then is the exit code 0. Otherwise the last line says what is wrong, and the exit code is 1.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows every member with its state (alive, suspect, dead, left) and each live data node's keys, digest root, "
                + "lag and disk; and whether the network has converged.",
                "HELD: content it keeps as one of its keys' R holders; CACHED: copies read through for clients; UNDER: "
                        + "versions it holds whose content it still lacks (last rebalancing pass); BACKLOG: keys left in the "
                        + "current pass.",
                "Exit code 0 only when every live data node agrees and no member is suspect or dead; otherwise 1, "
                        + "with what is wrong on the last line."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--json", description = "print JSON: {converged, trouble: [...], members: [...], nodes: [...]}")
    boolean json;

    @Option(names = "--watch", description = "refresh in place every --interval seconds until interrupted (Ctrl-C)")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2", description = "refresh period of --watch (default ${DEFAULT-VALUE})")
    int interval;

    /** The network's state as one node lists its members and each live data node reports itself. */
    record Report(ObjectNode json, boolean converged, String line) {}

    @Override
    public Integer call() throws InterruptedException {
        if (!watch) {
            return print(System.out);
        }
        if (interval < 1) {
            throw CliException.usage("--interval must be >= 1 second, was " + interval);
        }
        while (!Thread.currentThread().isInterrupted()) {
            java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(frame, true, java.nio.charset.StandardCharsets.UTF_8)) {
                try {
                    print(out);
                } catch (CliException e) {
                    out.println("gcdn: " + e.getMessage());
                }
                out.printf("%n(every %d s; Ctrl-C to stop)%n", interval);
            }
            System.out.print("\u001B[H\u001B[2J" + frame.toString(java.nio.charset.StandardCharsets.UTF_8)); // home, clear
            System.out.flush();
            Thread.sleep(interval * 1000L);
        }
        return 0;
    }

    private int print(PrintStream out) {
        Report r = report();
        if (json) {
            out.println(Terminal.json(r.json()));
        } else {
            render(r.json(), out);
            out.println(Terminal.safe(r.line()));
        }
        return r.converged() ? 0 : 1;
    }

    /** The members as the first node that answers lists them: --node, else the local network's nodes in turn. */
    private NodeClient entry(List<String> tried) {
        List<String> candidates = new ArrayList<>();
        if (target.explicit()) {
            candidates.add(Target.checked(target.node));
        } else {
            LocalNetwork.read(target.networkDir()).stream().filter(p -> p.role().equals("node")).forEach(p -> candidates.add(p.address()));
            if (candidates.isEmpty()) {
                candidates.add(LocalNetwork.defaultNode(target.networkDir()));
            }
        }
        CliException last = null;
        for (String c : candidates) {
            try {
                NodeClient client = target.client(c);
                client.getJson("/v1/health");
                return client;
            } catch (CliException e) {
                tried.add(c);
                last = e;
            }
        }
        if (candidates.size() == 1) {
            throw last;
        }
        throw CliException.failed("no node of the local network in " + target.networkDir() + " answers (tried " + tried + ")");
    }

    Report report() {
        List<String> unreachableEntries = new ArrayList<>();
        NodeClient first = entry(unreachableEntries);
        JsonNode members = first.getJson("/v1/cluster/members");
        Set<String> trouble = new LinkedHashSet<>();
        unreachableEntries.forEach(a -> trouble.add(a + " does not answer"));
        ArrayNode memberRows = NodeClient.JSON.createArrayNode();
        ArrayNode views = NodeClient.JSON.createArrayNode();
        Set<String> roots = new LinkedHashSet<>();
        Set<Long> memberCounts = new LinkedHashSet<>();
        long newest = 0;
        for (JsonNode m : members) {
            String address = m.path("address").asText();
            String state = m.path("status").asText();
            memberRows.add(m);
            if (state.equals("suspect") || state.equals("dead")) {
                trouble.add(Terminal.safe(address) + " is " + state + " (as " + first.node + " sees it)");
            }
            if (!m.path("role").asText().equals("data") || !(state.equals("alive") || state.equals("suspect"))) {
                continue;
            }
            ObjectNode view = NodeClient.JSON.createObjectNode().put("address", address).put("id", m.path("id").asText());
            try {
                JsonNode s = target.client(address).getJson("/v1/status");
                view.setAll((ObjectNode) s);
                view.put("address", address);
                roots.add(s.path("digestRoot").asText());
                memberCounts.add(s.path("members").asLong());
                newest = Math.max(newest, s.path("newestCommitMillis").asLong());
            } catch (CliException e) {
                view.put("error", e.getMessage());
                if (state.equals("alive")) {
                    trouble.add(Terminal.safe(address) + " does not answer (" + e.getMessage() + ")");
                }
            }
            views.add(view);
        }
        for (JsonNode v : views) {
            if (!v.has("error") && v.has("newestCommitMillis")) {
                ((ObjectNode) v).put("behindMillis", newest - v.path("newestCommitMillis").asLong());
            }
        }
        if (roots.size() > 1) {
            trouble.add("digest roots differ (" + roots.size() + " different)");
        }
        if (memberCounts.size() > 1) {
            trouble.add("nodes see different numbers of members " + memberCounts);
        }
        if (views.isEmpty()) {
            trouble.add("no live data node");
        }
        boolean converged = trouble.isEmpty();
        ObjectNode out = NodeClient.JSON.createObjectNode().put("converged", converged);
        ArrayNode troubleJson = out.putArray("trouble");
        trouble.forEach(troubleJson::add);
        out.put("seenFrom", first.node);
        out.set("members", memberRows);
        out.set("nodes", views);
        String line = converged ? "converged: every node holds the same records and sees the same members"
                : "NOT converged: " + String.join("; ", trouble);
        return new Report(out, converged, line);
    }

    private static void render(ObjectNode report, PrintStream out) {
        List<String> ids = new ArrayList<>();
        report.path("members").forEach(m -> ids.add(m.path("id").asText()));
        int idLength = ShortIds.length(ids);
        out.printf("%-22s %-" + idLength + "s  %-9s %-8s %8s  %-16s %9s %10s %10s %10s %6s %8s%n", "NODE", "ID", "ROLE", "STATE",
                "KEYS", "DIGEST ROOT", "BEHIND", "DISK", "HELD", "CACHED", "UNDER", "BACKLOG");
        for (JsonNode m : report.path("members")) {
            String address = m.path("address").asText();
            JsonNode v = null;
            for (JsonNode n : report.path("nodes")) {
                if (n.path("address").asText().equals(address)) {
                    v = n;
                }
            }
            String id = Terminal.safe(ShortIds.cut(m.path("id").asText(), idLength));
            String head = String.format("%-22s %-" + idLength + "s  %-9s %-8s", Terminal.safe(address), id,
                    Terminal.safe(m.path("role").asText()), Terminal.safe(m.path("status").asText()));
            if (v == null) {
                out.println(head);
            } else if (v.has("error")) {
                out.println(head + "  " + Terminal.safe(v.path("error").asText()));
            } else {
                JsonNode disk = v.path("disk");
                JsonNode placement = v.path("placement");
                out.printf("%s %8d  %-16s %9s %10s %10s %10s %6s %8s%s%s%n", head, v.path("keys").asLong(),
                        shorten(Terminal.safe(v.path("digestRoot").asText()), 16),
                        v.has("behindMillis") ? v.path("behindMillis").asLong() + " ms" : "?",
                        v.has("diskByKind") ? bytes(v.path("diskByKind").path("total").asLong()) : "?",
                        disk.has("contentBytes") ? bytes(disk.path("contentBytes").asLong() - disk.path("cacheBytes").asLong()) : "?",
                        disk.has("cacheBytes") ? bytes(disk.path("cacheBytes").asLong()) : "?",
                        placement.has("underReplicated") ? String.valueOf(placement.path("underReplicated").asLong()) : "?",
                        placement.has("backlog") ? String.valueOf(placement.path("backlog").asLong()) : "?",
                        v.path("resyncing").asBoolean() ? "  (re-syncing)" : "",
                        disk.path("short").asBoolean() ? "  (SHORT OF DISK: " + Terminal.safe(disk.path("detail").asText()) + ")" : "");
            }
        }
        for (JsonNode v : report.path("nodes")) { // trust problems: who sent records nothing vouches for, refused gossip
            String a = Terminal.safe(v.path("address").asText());
            v.path("untrustedRecords").fields().forEachRemaining(e -> out.printf(
                    "WARNING %s dropped %d untrusted records from member %s (forged owner signatures or not the owner's)%n",
                    a, e.getValue().asLong(), Terminal.safe(e.getKey())));
            if (v.path("unauthorizedGossip").asLong() > 0) {
                out.printf("WARNING %s refused %d gossip requests (wrong cluster key, replayed, other cluster)%n", a,
                        v.path("unauthorizedGossip").asLong());
            }
            if (v.path("openCluster").asBoolean()) {
                out.printf("WARNING %s is an INSECURE OPEN CLUSTER node: no cluster key, anyone who reaches it can "
                        + "gossip and replace or delete blobs (gcdn keyring install)%n", a);
            }
            if (v.path("conflictsLastHour").asLong() > 0) {
                out.printf("note: %s kept %d concurrent versions in the last hour (gcdn watch shows them as they happen)%n", a,
                        v.path("conflictsLastHour").asLong());
            }
        }
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? n + " B" : String.format("%.1f %s", v, units[i]);
    }
}
