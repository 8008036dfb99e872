package org.gossipcdn.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --node host:port}: the node to talk to; default the local network's first node. */
final class Target {

    @Option(names = "--node", paramLabel = "HOST:PORT",
            description = "node to talk to, host:port or https://host:port (default: the first node of ./gcdn local up, else 127.0.0.1:7001)")
    String node;

    @Option(names = "--ca", paramLabel = "PEM", description = "talk HTTPS; the node's certificate must chain to these CA certificates")
    Path ca;

    NodeClient client() {
        return client(node != null ? node : LocalNetwork.defaultNode());
    }

    /** Another node of the same network, reached the same way (HTTPS with --ca or an https:// --node). */
    NodeClient client(String address) {
        boolean tls = ca != null || node != null && node.startsWith("https://");
        return new NodeClient(tls && !address.startsWith("https://") ? "https://" + address : address, Optional.ofNullable(ca));
    }
}
