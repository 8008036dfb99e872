package org.gossipcdn.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.storage.FsyncPolicy;

/**
 * Everything a node process runs with, parsed and validated ({@link NodeOptions} builds it).
 *
 * @param contentCacheBytes off-heap bytes for hot blob content (0: no cache)
 * @param clockOffset a test-only shift of this node's wall clock (clock-skew tests)
 * @param limits what clients are granted (rates, uploads, timeouts, connections)
 * @param tls the node's certificate and key, and the CA its peers' certificates must chain to; empty: plain HTTP
 * @param insecureOpenCluster the operator chose to run without a cluster key (else a node without one refuses to start)
 * @param edge the edge cache and disk budget (proposal 0018)
 * @param contentGcDelay how long content stays after no kept record version references it (proposals/0017-content-gc.md)
 */
public record NodeConfig(String bind, int port, Address advertise, Path dataDir, List<Address> seeds,
                         List<Address> bootstraps, String clusterId, Optional<String> clusterKey, long maxBlobBytes,
                         FsyncPolicy fsync, Duration replicasTimeout, long contentCacheBytes, Duration clockOffset,
                         GossipConfig gossip, Limits limits, Optional<TlsFiles> tls,
                         boolean insecureOpenCluster, EdgeConfig edge, Duration contentGcDelay) {

    /** The bootstrap address built into node-app: the one `gcdn local up` starts by default. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:7000";

    public NodeConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(advertise, "advertise");
        Objects.requireNonNull(dataDir, "dataDir");
        seeds = List.copyOf(seeds);
        bootstraps = List.copyOf(bootstraps);
        Objects.requireNonNull(clusterKey, "clusterKey");
        Objects.requireNonNull(gossip, "gossip");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(edge, "edge");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
        Objects.requireNonNull(contentGcDelay, "contentGcDelay");
        if (contentGcDelay.compareTo(Duration.ofSeconds(1)) < 0) {
            // content is stored before its record commits: a shorter delay could collect it in between
            throw new IllegalArgumentException("content-gc-delay must be >= 1s, was " + contentGcDelay);
        }
        if (maxBlobBytes < 0) {
            throw new IllegalArgumentException("max-blob-size must be >= 0, was " + maxBlobBytes);
        }
    }

    /** A printable summary for the start-up log: never the cluster key itself. */
    public String describe() {
        return "bind=" + bind + ":" + port + " advertise=" + advertise + " data-dir=" + dataDir + " seeds=" + seeds
                + " bootstraps=" + bootstraps + " cluster-id=" + clusterId + " cluster-key="
                + (clusterKey.isPresent() ? "(set)" : insecureOpenCluster ? "(none: --insecure-open-cluster)" : "(none)") + " max-blob-size=" + maxBlobBytes
                + " fsync=" + fsync + " replicas-timeout=" + replicasTimeout + " content-cache=" + contentCacheBytes
                + " cache-size=" + edge.cacheBytes() + " max-disk=" + (edge.maxDiskBytes() == 0 ? "unlimited" : edge.maxDiskBytes())
                + (clockOffset.isZero() ? "" : " clock-offset=" + clockOffset) + " " + limits
                + " tls=" + tls.map(TlsFiles::describe).orElse("off") + " content-gc-delay=" + contentGcDelay + " " + gossip;
    }
}
