package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gcdn status}: every live data node's own view (members, keys, digest root), side by side,
 * so a person sees at a glance whether the network has converged.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows each node's view: member count, key count, digest root; and whether they agree.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--json", description = "print JSON: {converged, nodes: [...]}")
    boolean json;

    @Override
    public Integer call() {
        NodeClient first = target.client();
        JsonNode members = first.getJson("/v1/cluster/members");
        ArrayNode views = NodeClient.JSON.createArrayNode();
        Set<String> roots = new HashSet<>();
        Set<Long> memberCounts = new HashSet<>();
        boolean allAnswered = true;
        for (JsonNode m : members) {
            if (!m.get("role").asText().equals("data") || !m.get("status").asText().equals("alive")) {
                continue;
            }
            ObjectNode view = NodeClient.JSON.createObjectNode().put("address", m.get("address").asText());
            try {
                JsonNode s = target.client(m.get("address").asText()).getJson("/v1/status");
                view.put("members", s.get("members").asLong()).put("keys", s.get("keys").asLong())
                        .put("digestRoot", s.get("digestRoot").asText()).put("resyncing", s.get("resyncing").asBoolean())
                        .put("unauthorizedGossip", s.path("unauthorizedGossip").asLong())
                        .put("openCluster", s.path("openCluster").asBoolean());
                view.set("untrustedRecords", s.path("untrustedRecords"));
                roots.add(s.get("digestRoot").asText());
                memberCounts.add(s.get("members").asLong());
            } catch (CliException e) {
                view.put("error", e.getMessage());
                allAnswered = false;
            }
            views.add(view);
        }
        boolean converged = allAnswered && roots.size() == 1 && memberCounts.size() == 1;
        if (json) {
            System.out.println(Terminal.json(NodeClient.JSON.createObjectNode().put("converged", converged).set("nodes", views)));
        } else {
            System.out.printf("%-22s %8s %8s  %-32s%n", "NODE", "MEMBERS", "KEYS", "DIGEST ROOT");
            for (JsonNode v : views) {
                if (v.has("error")) {
                    System.out.printf("%-22s  %s%n", Terminal.safe(v.get("address").asText()), Terminal.safe(v.get("error").asText()));
                } else {
                    System.out.printf("%-22s %8d %8d  %s%s%n", Terminal.safe(v.get("address").asText()), v.get("members").asLong(),
                            v.get("keys").asLong(), Terminal.safe(v.get("digestRoot").asText()), v.get("resyncing").asBoolean() ? "  (re-syncing)" : "");
                }
            }
            System.out.println(converged ? "converged: every node holds the same records and sees the same members"
                    : "not converged (yet): views differ");
            for (JsonNode v : views) { // trust problems: who sent records nothing vouches for, refused gossip
                v.path("untrustedRecords").fields().forEachRemaining(e -> System.out.printf(
                        "WARNING %s dropped %d untrusted records from member %s (forged owner signatures or not the owner's)%n",
                        Terminal.safe(v.get("address").asText()), e.getValue().asLong(), Terminal.safe(e.getKey())));
                if (v.path("unauthorizedGossip").asLong() > 0) {
                    System.out.printf("WARNING %s refused %d gossip requests (wrong cluster key, replayed, other cluster)%n",
                            Terminal.safe(v.get("address").asText()), v.get("unauthorizedGossip").asLong());
                }
                if (v.path("openCluster").asBoolean()) {
                    System.out.printf("WARNING %s is an INSECURE OPEN CLUSTER node: no cluster key, anyone who reaches it can "
                            + "gossip and replace or delete blobs (gcdn keyring install)%n", Terminal.safe(v.get("address").asText()));
                }
            }
        }
        return 0;
    }
}
