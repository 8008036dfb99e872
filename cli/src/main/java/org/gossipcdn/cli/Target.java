package org.gossipcdn.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --node host:port}: the node to talk to; by default the first node of the local network
 * found from {@code --dir}, else {@code $GCDN_LOCAL_DIR}, else {@code .gcdn/local} in the project.
 */
final class Target {

    /** host:port with an optional scheme: a name, IPv4 or [IPv6] host and a port of 1 to 5 digits. */
    private static final Pattern HOST_PORT = Pattern.compile("(https?://)?([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})/?");

    @Option(names = "--node", paramLabel = "HOST:PORT",
            description = "node to talk to, host:port or https://host:port (default: the first node of the local network, "
                    + "else 127.0.0.1:7001)")
    String node;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "folder of a network 'gcdn local up --dir DIR' started, to find its nodes and key "
                    + "(default $GCDN_LOCAL_DIR, else .gcdn/local in the project)")
    Path dir;

    @Option(names = "--ca", paramLabel = "PEM", description = "talk HTTPS; the node's certificate must chain to these CA certificates")
    Path ca;

    /** The local network's folder these options name. */
    Path networkDir() {
        return dir != null ? dir.toAbsolutePath() : LocalNetwork.defaultDir();
    }

    /** True if the user named a node (else the local network's first node is used). */
    boolean explicit() {
        return node != null;
    }

    NodeClient client() {
        return client(node != null ? checked(node) : LocalNetwork.defaultNode(networkDir()));
    }

    /** {@code address} if it is host:port (with an optional http:// or https://); else a usage error saying so. */
    static String checked(String address) {
        var m = HOST_PORT.matcher(address.trim());
        if (!m.matches() || Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535) {
            throw CliException.usage("--node '" + Terminal.safe(address) + "' is not HOST:PORT (e.g. 127.0.0.1:7001 or "
                    + "https://cdn.example.org:7443)");
        }
        return address.trim().replaceFirst("/$", "");
    }

    /** Another node of the same network, reached the same way (HTTPS with --ca or an https:// --node). */
    NodeClient client(String address) {
        boolean tls = ca != null || node != null && node.startsWith("https://");
        return new NodeClient(tls && !address.startsWith("https://") ? "https://" + address : address, Optional.ofNullable(ca));
    }
}
