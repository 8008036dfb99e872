package org.gossipcdn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gcdn get KEY}: downloads a blob to stdout or a file. Exit 1 if it does not exist. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Downloads the blob KEY to standard output or -o FILE.")
final class GetCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(paramLabel = "KEY", description = "the blob's UUID")
    String key;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;

    @Override
    public Integer call() throws IOException {
        Keys.check(key);
        if (output != null) {
            checkWritable(output);
        }
        NodeClient client = target.client();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(client.uri("/v1/blobs/" + key))
                .timeout(Duration.ofHours(1)).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 404) {
            r.body().close();
            throw client.noBlob(key);
        }
        NodeClient.ensureOk(r, "download from " + client.node);
        long size = r.headers().firstValueAsLong("content-length").orElse(-1);
        try (InputStream in = Progress.wrap(r.body(), "download", size)) {
            if (output == null) {
                OutputStream out = System.out;
                in.transferTo(out);
                out.flush();
            } else {
                Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".gcdn-", ".part");
                try {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        return 0;
    }

    /** Fails before the download if {@code file} cannot be written, naming why. */
    static void checkWritable(Path file) {
        Path abs = file.toAbsolutePath();
        Path folder = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw CliException.failed("cannot write " + file + ": it is a folder (name a file in it)");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw CliException.failed("cannot write " + file + ": the folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            throw CliException.failed("cannot write " + file + ": the folder " + folder + " is not writable");
        }
    }
}
