package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.UUID;
import org.gossipcdn.core.version.Sha256;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gcdn put FILE}: uploads a file; prints its key (with --json: key, version, etag). */
@Command(name = "put", mixinStandardHelpOptions = true, description = "Uploads FILE as a blob; prints its key.")
final class PutCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(paramLabel = "FILE", description = "file to upload ('-' for standard input)")
    String file;

    @Option(names = "--key", paramLabel = "UUID", description = "key to write (default: the node picks a new one)")
    String key;

    @Option(names = "--type", paramLabel = "MIME", description = "content type (default: guessed from the file name)")
    String type;

    @Option(names = "--replicas", paramLabel = "W", defaultValue = "1", description = "wait until W nodes hold it (default ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--json", description = "print {key, version, etag} as JSON")
    boolean json;

    @Option(names = "--sign", paramLabel = "KEYFILE",
            description = "sign the write with this owner key (gcdn keygen); a key first written signed is owned by it")
    Path sign;

    @Override
    public Integer call() throws IOException {
        if (key != null) {
            try {
                UUID.fromString(key);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--key '" + key + "' is not a UUID");
            }
        }
        if (replicas < 1) {
            throw CliException.usage("--replicas must be >= 1, was " + replicas);
        }
        if (sign != null && file.equals("-")) {
            throw CliException.usage("--sign needs a FILE, not '-': its hash is signed before the upload");
        }
        OwnerKey owner = sign == null ? null : OwnerKey.read(sign);
        if (owner != null && key == null) {
            key = UUID.randomUUID().toString(); // a signed write names its key: the signature covers it
        }
        NodeClient client = target.client();
        int dataNodes = replicas > 1 ? liveDataNodes(client) : 1;
        if (replicas > dataNodes) {
            System.err.printf("gcdn: warning: --replicas %d, but %s sees only %d live data node%s; the write will be stored, "
                    + "and the wait for %d copies will time out%n", replicas, client.node, dataNodes, dataNodes == 1 ? "" : "s", replicas);
        }
        String path = (key == null ? "/v1/blobs" : "/v1/blobs/" + key) + "?replicas=" + replicas;
        HttpRequest.BodyPublisher body;
        String mime = type;
        if (file.equals("-")) {
            body = HttpRequest.BodyPublishers.ofInputStream(() -> System.in);
        } else {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw CliException.failed("no such file: " + file);
            }
            long size = Files.size(p);
            if (mime == null) {
                mime = Files.probeContentType(p);
            }
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> open(p, size)), size);
        }
        String contentType = mime == null ? "application/octet-stream" : mime;
        Signer.Content signed = owner == null ? null
                : new Signer.Content(false, hash(Path.of(file)), Files.size(Path.of(file)), contentType);
        HttpRequest.BodyPublisher upload = body;
        HttpResponse<byte[]> r = Signer.send(client, owner, key == null ? null : UUID.fromString(key), signed, () -> {
            HttpRequest.Builder req = HttpRequest.newBuilder(client.uri(path)).timeout(Duration.ofHours(1))
                    .header("Content-Type", contentType);
            return key == null ? req.POST(upload) : req.PUT(upload);
        }, req -> file.equals("-") ? client.send(req, HttpResponse.BodyHandlers.ofByteArray())
                : client.sendWrite(req, HttpResponse.BodyHandlers.ofByteArray()));
        if (r.statusCode() == 504 && r.body().length > 0 && NodeClient.readJson(r.body()).has("version")) {
            // stored, but fewer nodes confirmed it than asked for: say so, and still give the key
            JsonNode partial = NodeClient.readJson(r.body());
            System.out.println(Terminal.safe(partial.path("key").asText()));
            throw CliException.failed("the write was stored (version " + Terminal.safe(partial.path("version").asText()) + " at "
                    + client.node + ") and is confirmed on " + partial.path("replicas").asInt() + " of the " + replicas
                    + " nodes asked for" + (replicas > dataNodes ? " (only " + dataNodes + " live data nodes)" : "")
                    + "; it keeps spreading to every node");
        }
        NodeClient.ensureOk(r, "upload to " + client.node);
        JsonNode out = NodeClient.readJson(r.body());
        // with --replicas W, the receipt: which nodes hold the version now, and since when
        com.fasterxml.jackson.databind.node.ArrayNode held = replicas > 1
                ? HeldBy.ask(target, client, out.path("key").asText(), out.path("version").asText())
                : NodeClient.JSON.createArrayNode();
        if (replicas > 1 && !json) {
            System.err.println("held by " + HeldBy.summary(held));
        }
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode answer = NodeClient.JSON.createObjectNode().put("key", out.path("key").asText())
                    .put("version", out.path("version").asText()).put("etag", out.path("etag").asText())
                    .put("replicas", out.path("replicas").asInt());
            if (replicas > 1) {
                answer.set("heldBy", held);
            }
            System.out.println(Terminal.json(answer));
        } else {
            System.out.println(Terminal.safe(out.path("key").asText()));
        }
        return 0;
    }

    /** Data members the node sees alive (or suspect: they may still confirm). */
    private static int liveDataNodes(NodeClient client) {
        int n = 0;
        for (JsonNode m : client.getJson("/v1/cluster/members")) {
            String state = m.path("status").asText();
            if (m.path("role").asText().equals("data") && (state.equals("alive") || state.equals("suspect"))) {
                n++;
            }
        }
        return n;
    }

    private static Sha256 hash(Path p) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return Sha256.fromBytes(sha.digest());
    }

    private static InputStream open(Path p, long size) {
        try {
            return Progress.wrap(Files.newInputStream(p), "upload", size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
