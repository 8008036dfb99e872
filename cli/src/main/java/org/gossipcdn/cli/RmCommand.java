package org.gossipcdn.cli;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gcdn rm KEY}: deletes a blob (a tombstone that spreads). Exit 1 if it does not exist. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Deletes the blob KEY on every node.")
final class RmCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(paramLabel = "KEY", description = "the blob's UUID")
    String key;

    @Override
    public Integer call() {
        Keys.check(key);
        NodeClient client = target.client();
        HttpResponse<byte[]> r = client.sendWrite(HttpRequest.newBuilder(client.uri("/v1/blobs/" + key)).DELETE(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            throw CliException.failed("no blob " + key + " at " + client.node);
        }
        NodeClient.ensureOk(r, "delete at " + client.node);
        return 0;
    }
}
