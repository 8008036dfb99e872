package org.gossipcdn.cli;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Sha256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gcdn rm KEY}: deletes a blob (a tombstone that spreads). Exit 1 if it does not exist. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Deletes the blob KEY on every node.")
final class RmCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(paramLabel = "KEY", description = "the blob's UUID")
    String key;

    @Option(names = "--sign", paramLabel = "KEYFILE", description = "sign the delete with this owner key (needed for owned keys)")
    Path sign;

    @Override
    public Integer call() {
        Keys.check(key);
        NodeClient client = target.client();
        OwnerKey owner = sign == null ? null : OwnerKey.read(sign);
        HttpResponse<byte[]> r = Signer.send(client, owner, UUID.fromString(key),
                new Signer.Content(true, Sha256.EMPTY, 0, BlobRecord.DEFAULT_CONTENT_TYPE),
                () -> HttpRequest.newBuilder(client.uri("/v1/blobs/" + key)).DELETE(),
                req -> client.sendWrite(req, HttpResponse.BodyHandlers.ofByteArray()));
        if (r.statusCode() == 404) {
            throw client.noBlob(key);
        }
        NodeClient.ensureOk(r, "delete at " + client.node);
        return 0;
    }
}
