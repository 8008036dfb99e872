package org.gossipcdn.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gossipcdn.core.GossipConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The flags of {@code gcdn bootstrap}; each also {@code GCDN_<NAME>} in the environment or {@code <name>} in --config. */
@Command(name = "gcdn bootstrap", mixinStandardHelpOptions = true, version = "gcdn bootstrap 0.1.0", sortOptions = false,
        usageHelpWidth = 110,
        description = {"Runs a bootstrap registry: a membership-only gossip member that new nodes ask whom to gossip",
                "with. It stores no blobs. Its registry is kept on disk, so a restart keeps what it knew.", ""},
        footer = {"", "Options also come from GCDN_<NAME> environment variables or a --config properties file."})
final class BootstrapOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "properties file with defaults for any option")
    Path config;

    @Option(names = "--port", defaultValue = "7000", description = "port for the registry API and gossip (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE}: this host only; 0.0.0.0 for every interface)")
    String bind;

    @Option(names = "--advertise", paramLabel = "HOST:PORT", description = "address members reach it at (default: bind address, or 127.0.0.1)")
    String advertise;

    @Option(names = "--data-dir", defaultValue = "gcdn-bootstrap-data", description = "where the registry is kept (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--seed", split = ",", paramLabel = "HOST:PORT", description = "members or other bootstraps to join through; repeatable")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--cluster-id", defaultValue = "gcdn", description = "name of the cluster (default ${DEFAULT-VALUE})")
    String clusterId;

    @Option(names = "--cluster-key", paramLabel = "SECRET",
            description = "shared secret (>= 16 characters) that signs all gossip; required unless --insecure-open-cluster")
    String clusterKey;

    @Option(names = "--insecure-open-cluster",
            description = "run without a cluster key: ANY host that reaches the port can gossip; for throw-away experiments only")
    boolean insecureOpenCluster;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text: one line per event; json: one JSON object per line, for log shippers (default ${DEFAULT-VALUE})")
    String logFormat;

    @Option(names = "--profile", defaultValue = "default", description = "timing profile: default or fast")
    String profile;

    GossipConfig gossip() {
        return switch (profile.toLowerCase(Locale.ROOT)) {
            case "default" -> GossipConfig.defaults();
            case "fast" -> GossipConfig.fastTest();
            default -> throw new IllegalArgumentException("--profile must be default or fast, was '" + profile + "'");
        };
    }
}
