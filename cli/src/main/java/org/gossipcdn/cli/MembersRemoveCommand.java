package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gossipcdn.transport.http.ClusterAuth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gcdn members remove NODE}: force-leave (proposal 0019). Asks a node to mark a dead member
 * LEFT across the network at once, signed with the cluster key, so deletes stop waiting for it and
 * the node can be replaced now rather than after the dead-member retention.
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Removes a dead member from the network at once (force-leave), e.g. a node that will not come back.",
                "Deletes stop waiting for it. A live or suspect member is refused unless --force; a forced live member",
                "refutes, re-syncs pull-first and rejoins unless it is stopped. Before bringing a removed node back",
                "with its old data dir, know that it re-syncs pull-first; a fresh data dir is simplest."})
final class MembersRemoveCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "NODE", description = "the member's id, or a prefix of it (the short id from 'gcdn members')")
    String member;

    @Option(names = "--force", description = "remove it even if it is alive or suspect")
    boolean force;

    @Option(names = "--cluster-key", paramLabel = "SECRET", defaultValue = "${env:GCDN_CLUSTER_KEY}",
            description = "the cluster key, to sign this request (default: $GCDN_CLUSTER_KEY, else the key of "
                    + "./gcdn local up's network for its nodes)")
    String clusterKey;

    @Option(names = "--cluster-id", paramLabel = "ID", defaultValue = "${env:GCDN_CLUSTER_ID:-gcdn}",
            description = "the cluster's id (default: ${DEFAULT-VALUE})")
    String clusterId;

    @Override
    public Integer call() {
        if (!member.matches("[0-9a-fA-F]{1,32}")) {
            throw CliException.usage("NODE must be a node id or a prefix of one (hex digits), was '" + Terminal.safe(member) + "'");
        }
        NodeClient client = target.client();
        String path = "/v1/cluster/members/" + member.toLowerCase(java.util.Locale.ROOT) + "/remove";
        byte[] body = NodeClient.JSON.createObjectNode().put("force", force).toString().getBytes(StandardCharsets.UTF_8);
        Optional<String> key = Optional.ofNullable(clusterKey).filter(k -> !k.isBlank())
                .or(() -> LocalNetwork.clusterKeyOf(client.node));
        ClusterAuth auth = new ClusterAuth(clusterId, key, Duration.ofSeconds(60));
        HttpRequest.Builder req = HttpRequest.newBuilder(client.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        auth.sign("POST", path, body).headers().forEach(req::header);
        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        NodeClient.ensureOk(r, "members remove " + member + " at " + client.node);
        JsonNode answer = NodeClient.readJson(r.body());
        System.out.println(("already-left".equals(answer.path("outcome").asText()) ? "had left already: " : "removed: ")
                + Terminal.safe(answer.path("id").asText()) + " at " + Terminal.safe(answer.path("address").asText())
                + " (was " + Terminal.safe(answer.path("was").asText()) + "); every node learns it within a few gossip rounds");
        return 0;
    }
}
