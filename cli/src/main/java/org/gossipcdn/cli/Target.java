package org.gossipcdn.cli;

import picocli.CommandLine.Option;

/** {@code --node host:port}: the node to talk to; default the local network's first node. */
final class Target {

    @Option(names = "--node", paramLabel = "HOST:PORT",
            description = "node to talk to (default: the first node of ./gcdn local up, else 127.0.0.1:7001)")
    String node;

    NodeClient client() {
        return new NodeClient(node != null ? node : LocalNetwork.defaultNode());
    }
}
