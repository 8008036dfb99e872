package org.gossipcdn.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** N node processes on loopback joined through the first, fast timings, no bootstrap; closes them all. */
final class LocalCluster implements AutoCloseable {

    final List<NodeProcess> nodes = new ArrayList<>();
    final Path dir;

    LocalCluster(int n, List<String> extraArgs) throws IOException {
        dir = Files.createTempDirectory("gcdn-it-");
        int firstPort = NodeProcess.freePort();
        for (int i = 0; i < n; i++) {
            int port = i == 0 ? firstPort : NodeProcess.freePort();
            List<String> args = new ArrayList<>(List.of("--profile", "fast", "--bootstrap", "none"));
            if (i > 0) {
                args.addAll(List.of("--seed", "127.0.0.1:" + firstPort));
            }
            args.addAll(extraArgs);
            nodes.add(new NodeProcess(port, dir.resolve("node-" + i), List.of("-Xmx256m"), args));
        }
    }

    LocalCluster start() throws IOException {
        for (NodeProcess p : nodes) {
            p.start();
        }
        return this;
    }

    NodeProcess node(int i) {
        return nodes.get(i);
    }

    @Override
    public void close() throws IOException {
        for (NodeProcess p : nodes) {
            p.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
