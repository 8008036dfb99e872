package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gossipcdn.transport.http.ClusterAuth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gcdn keyring list|install KEY|use FINGERPRINT|remove FINGERPRINT}: a node's cluster keys.
 * Rotate without downtime: install the new key on every node, then use it on every node, then
 * remove the old one from every node. Requests are signed with {@code --cluster-key}.
 */
@Command(name = "keyring", mixinStandardHelpOptions = true,
        description = {"Lists or changes a node's cluster keys (one signs, all verify).",
                "Rotate: 'install NEW' on every node, then 'use FP' on every node, then 'remove OLD_FP' on every node."})
final class KeyringCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, install, use or remove")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ARG", description = "the new key (install) or a fingerprint (use, remove)")
    String arg;

    @Option(names = "--cluster-key", paramLabel = "SECRET", defaultValue = "${env:GCDN_CLUSTER_KEY}",
            description = "a key the node holds, to sign this request (default: $GCDN_CLUSTER_KEY, else the key of "
                    + "./gcdn local up's network for its nodes)")
    String clusterKey;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the one-time token a node without any key needs to install its first one")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "read --token from this file (a node without a key writes DATA_DIR/keyring-token at start; "
                    + "default for ./gcdn local up's nodes: that file in their data dir)")
    Path tokenFile;

    @Option(names = "--cluster-id", paramLabel = "ID", defaultValue = "${env:GCDN_CLUSTER_ID:-gcdn}",
            description = "the cluster's id (default: ${DEFAULT-VALUE})")
    String clusterId;

    @Override
    public Integer call() {
        String body = switch (action) {
            case "list" -> "";
            case "install", "use", "remove" -> {
                if (arg == null || arg.isBlank()) {
                    throw CliException.usage("keyring " + action + " needs " + (action.equals("install") ? "the new KEY" : "a FINGERPRINT"));
                }
                yield NodeClient.JSON.createObjectNode().put(action, arg).toString();
            }
            default -> throw CliException.usage("unknown keyring action '" + action + "'; use list, install, use or remove");
        };
        NodeClient client = target.client();
        String path = "/v1/cluster/keyring";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String method = body.isEmpty() ? "GET" : "POST";
        Optional<String> key = Optional.ofNullable(clusterKey).filter(k -> !k.isBlank())
                .or(() -> LocalNetwork.clusterKeyOf(target.networkDir(), client.node));
        ClusterAuth auth = new ClusterAuth(clusterId, key, Duration.ofSeconds(60));
        HttpRequest.Builder req = HttpRequest.newBuilder(client.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (!body.isEmpty()) {
            req.header("Content-Type", "application/json");
        }
        firstKeyToken(client.node).ifPresent(t -> req.header("X-Gcdn-Keyring-Token", t));
        auth.sign(method, path, bytes).headers().forEach(req::header);
        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        NodeClient.ensureOk(r, "keyring " + action + " at " + client.node);
        JsonNode keys = NodeClient.readJson(r.body());
        if (keys.isEmpty()) {
            System.out.println("no cluster keys: an insecure open cluster (install one to require it for gossip)");
        }
        for (JsonNode k : keys) {
            System.out.println(Terminal.safe(k.path("fingerprint").asText()) + (k.path("primary").asBoolean() ? "  primary" : ""));
        }
        return 0;
    }

    /** --token, else --token-file, else the token file in the data dir of a local network's node, if there is one. */
    private Optional<String> firstKeyToken(String node) {
        if (token != null && !token.isBlank()) {
            return Optional.of(token.trim());
        }
        Optional<Path> file = Optional.ofNullable(tokenFile)
                .or(() -> LocalNetwork.at(target.networkDir(), node).map(p -> p.dataDir().resolve("keyring-token")).filter(Files::isRegularFile));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file.get(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw CliException.failed("cannot read the keyring token " + file.get() + ": " + e.getMessage());
        }
    }
}
