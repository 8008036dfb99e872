package org.gossipcdn.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gossipcdn.core.DisseminationConfig;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.storage.FsyncPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The flags of {@code gcdn node}; each is also {@code GCDN_<NAME>} in the environment and {@code <name>} in --config. */
@Command(name = "gcdn node", mixinStandardHelpOptions = true, version = "gcdn node 0.1.0", sortOptions = false,
        usageHelpWidth = 110,
        description = {"Runs a Gossip CDN node: stores every record and the content of the keys it holds in RocksDB (and a",
                "cache of what it reads through), gossips with its peers, and serves",
                "the public blob API and the gossip protocol on one port.", ""},
        footer = {"", "Every option can also come from the environment (GCDN_PORT, GCDN_SEED=a:1,b:2, ...) or from a",
                "properties file given by --config or GCDN_CONFIG (port = 7001, seed = a:1,b:2, ...).",
                "The command line wins over the environment, which wins over the file.",
                "Sizes: 1048576, 512MiB, 1GiB. Durations: 500ms, 1s, 2m, 1h, 7d."})
final class NodeOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "properties file with defaults for any option")
    Path config;

    @Option(names = "--port", defaultValue = "7001", description = "port for the public API and gossip (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE}: this host only; 0.0.0.0 for every interface)")
    String bind;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
            description = "address peers reach this node at (default: the bind address, or 127.0.0.1 when binding all)")
    String advertise;

    @Option(names = "--data-dir", defaultValue = "gcdn-data", description = "where RocksDB keeps this node's replica (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--seed", split = ",", paramLabel = "HOST:PORT",
            description = "a member to join through; repeatable; works without any bootstrap")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--bootstrap", split = ",", paramLabel = "HOST:PORT",
            description = "a bootstrap registry to ask for peers; repeatable; 'none' for no bootstrap (default: none when "
                    + "--seed is given, else " + NodeConfig.DEFAULT_BOOTSTRAP + ")")
    List<String> bootstraps = new ArrayList<>();

    @Option(names = "--cluster-id", defaultValue = "gcdn", description = "name of the cluster; nodes of another are refused (default ${DEFAULT-VALUE})")
    String clusterId;

    @Option(names = "--cluster-key", paramLabel = "SECRET",
            description = "shared secret (>= 16 characters) that signs all gossip; required unless the data dir's keyring "
                    + "has a key or --insecure-open-cluster is given")
    String clusterKey;

    @Option(names = "--insecure-open-cluster",
            description = "run without a cluster key: ANY host that reaches the port can gossip, and so replace or delete "
                    + "every unowned blob on every node; for throw-away experiments only")
    boolean insecureOpenCluster;

    @Option(names = "--max-blob-size", defaultValue = "1GiB", description = "largest blob accepted (default ${DEFAULT-VALUE})")
    String maxBlobSize;

    @Option(names = "--fsync", defaultValue = "process-crash",
            description = "process-crash: an acknowledged write survives kill -9 (WAL, no fsync); power-loss: the WAL is fsynced before the ack, one fsync for all writes waiting (group commit); power-loss-unbatched: one fsync per write, slower (default ${DEFAULT-VALUE})")
    String fsync;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "3",
            description = "how many nodes hold each blob's content; the same on every node of a network; at least the "
                    + "number of nodes means every node holds everything (default ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--capacity", paramLabel = "BYTES", defaultValue = "1TiB",
            description = "the disk this node offers for content it holds, advertised to its peers: a node with twice the "
                    + "capacity holds about twice the blobs (default ${DEFAULT-VALUE})")
    String capacity;

    @Option(names = "--replicas-timeout", defaultValue = "10s", description = "how long ?replicas=W waits (default ${DEFAULT-VALUE})")
    String replicasTimeout;

    @Option(names = "--content-cache", defaultValue = "256MiB",
            description = "off-heap memory for hot blobs up to 8 MiB, served without touching RocksDB; 0 turns it off (default ${DEFAULT-VALUE})")
    String contentCache;

    @Option(names = "--cache-size", defaultValue = "1GiB",
            description = "disk for cache copies: content of keys this node does not hold, read through from their holders "
                    + "and evicted least recently used first; 0 keeps none (default ${DEFAULT-VALUE})")
    String cacheSize;

    @Option(names = "--max-disk", defaultValue = "0",
            description = "disk the store may use; cache copies give way first, then uploads get 507 "
                    + "(default ${DEFAULT-VALUE}: no limit)")
    String maxDisk;
    @Option(names = "--content-gc-delay", defaultValue = "10m",
            description = "content that no kept version of any key references (overwritten, deleted, or uploaded and never "
                    + "committed) is deleted from disk after this long; >= 1s (default ${DEFAULT-VALUE})")
    String contentGcDelay;

    @Option(names = "--profile", defaultValue = "default", description = "timing profile: default or fast (5x faster, for tests and demos)")
    String profile;

    @Option(names = "--protocol-period", description = "SWIM probe period (default 1s)")
    String protocolPeriod;

    @Option(names = "--probe-timeout", description = "direct probe timeout (default 500ms)")
    String probeTimeout;

    @Option(names = "--push-pull-interval", description = "full membership sync period (default 30s)")
    String pushPullInterval;

    @Option(names = "--gossip-tick", description = "rumor push period (default 200ms)")
    String gossipTick;

    @Option(names = "--fanout", description = "members each rumor tick pushes to (default 3)")
    Integer fanout;

    @Option(names = "--eager-push", description = "push each write at once along the broadcast tree (in a network "
            + "of at most 16 nodes, from the writer straight to every node): on (default) or off (records wait for the "
            + "rumor tick alone, the old path; proposal 0021)")
    String eagerPush;

    @Option(names = "--inline-limit", description = "content up to this size travels inside an eager push instead "
            + "of being fetched, e.g. 16KiB (default 16KiB, at most 256KiB; 0 fetches everything)")
    String inlineLimit;

    @Option(names = "--anti-entropy-interval", description = "digest-tree comparison period (default 1s)")
    String antiEntropyInterval;

    @Option(names = "--tombstone-grace", description = "how long deletes are kept before purge (default 7d)")
    String tombstoneGrace;

    @Option(names = "--max-clock-drift", description = "records stamped further ahead are refused (default 60s)")
    String maxClockDrift;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "0",
            description = "API requests/s per client address, burst 2N; over it: 429 (default ${DEFAULT-VALUE}: no limit)")
    int rateLimit;

    @Option(names = "--uploads-per-client", paramLabel = "N", defaultValue = "128",
            description = "concurrent uploads per client address; over it: 429 (default ${DEFAULT-VALUE})")
    int uploadsPerClient;

    @Option(names = "--max-concurrent-requests", paramLabel = "N", defaultValue = "2048",
            description = "API requests in progress at once, as many more queued; beyond: 503 (default ${DEFAULT-VALUE})")
    int maxConcurrentRequests;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "10000",
            description = "open connections; beyond, new ones wait in the listen backlog (default ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--header-timeout", defaultValue = "10s",
            description = "a request's headers must arrive within this, else the connection is closed (default ${DEFAULT-VALUE})")
    String headerTimeout;

    @Option(names = "--body-timeout", defaultValue = "30s",
            description = "an upload silent this long, or a small one not complete by then, is cut off (default ${DEFAULT-VALUE})")
    String bodyTimeout;

    @Option(names = "--min-upload-rate", defaultValue = "16KiB",
            description = "after --body-timeout, an upload slower than this per second is cut off with 408 (default ${DEFAULT-VALUE})")
    String minUploadRate;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "serve HTTPS with this certificate chain (PEM); needs --tls-key")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "the private key of --tls-cert (PEM, PKCS#8 'BEGIN PRIVATE KEY')")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "P12", description = "serve HTTPS with the key and chain in this PKCS#12 file")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "SECRET", defaultValue = "${env:GCDN_TLS_KEYSTORE_PASSWORD:-}",
            description = "password of --tls-keystore (default: $GCDN_TLS_KEYSTORE_PASSWORD)")
    String tlsKeystorePassword;

    @Option(names = "--tls-ca", paramLabel = "PEM",
            description = "peers' certificates must chain to these CA certificates (PEM); default: the JDK's trusted CAs")
    Path tlsCa;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text: one line per event; json: one JSON object per line, for log shippers (default ${DEFAULT-VALUE})")
    String logFormat;

    @Option(names = "--clock-offset", hidden = true, description = "TEST ONLY: shift this node's wall clock, e.g. 30s")
    String clockOffset;

    NodeConfig toConfig() {
        GossipConfig g = switch (profile.toLowerCase(Locale.ROOT)) {
            case "default" -> GossipConfig.defaults();
            case "fast" -> GossipConfig.fastTest();
            default -> throw new IllegalArgumentException("--profile must be default or fast, was '" + profile + "'");
        };
        if (protocolPeriod != null || probeTimeout != null) {
            g = g.withMembership(g.membership().withProtocolPeriod(
                    protocolPeriod == null ? g.membership().protocolPeriod() : Units.duration(protocolPeriod),
                    probeTimeout == null ? g.membership().probeTimeout() : Units.duration(probeTimeout)));
        }
        if (pushPullInterval != null) {
            g = g.withMembership(g.membership().withPushPullInterval(Units.duration(pushPullInterval)));
        }
        if (gossipTick != null) {
            g = g.withDissemination(g.dissemination().withGossipTick(Units.duration(gossipTick)));
        }
        if (fanout != null) {
            g = g.withDissemination(g.dissemination().withFanout(fanout));
        }
        if (eagerPush != null) {
            g = g.withDissemination(g.dissemination().withEagerPush(switch (eagerPush.toLowerCase(Locale.ROOT)) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new IllegalArgumentException("--eager-push must be on or off, was '" + eagerPush + "'");
            }));
        }
        if (inlineLimit != null) {
            long bytes = Units.bytes(inlineLimit);
            if (bytes < 0 || bytes > DisseminationConfig.MAX_INLINE_LIMIT) {
                throw new IllegalArgumentException("--inline-limit must be between 0 and 256KiB, was '" + inlineLimit + "'");
            }
            g = g.withDissemination(g.dissemination().withInlineLimit((int) bytes));
        }
        if (antiEntropyInterval != null) {
            g = g.withAntiEntropy(g.antiEntropy().withInterval(Units.duration(antiEntropyInterval)));
        }
        if (tombstoneGrace != null) {
            g = g.withReplica(g.replica().withTombstoneGrace(Units.duration(tombstoneGrace)));
        }
        if (maxClockDrift != null) {
            g = g.withReplica(g.replica().withMaxClockDrift(Units.duration(maxClockDrift)));
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("--replicas must be >= 1, was " + replicas);
        }
        g = g.withPlacement(g.placement().withReplicas(replicas).withCapacity(Units.bytes(capacity)));
        FsyncPolicy policy = switch (fsync.toLowerCase(Locale.ROOT)) {
            case "process-crash" -> FsyncPolicy.PROCESS_CRASH;
            case "power-loss" -> FsyncPolicy.POWER_LOSS;
            case "power-loss-unbatched" -> FsyncPolicy.POWER_LOSS_UNBATCHED;
            default -> throw new IllegalArgumentException("--fsync must be process-crash or power-loss, was '" + fsync + "'");
        };
        Address adv = advertise != null ? Address.parse(advertise)
                : new Address(bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind, port);
        List<Address> boots = new ArrayList<>();
        boolean seeded = seeds.stream().anyMatch(s -> !s.isBlank());
        List<String> given = !bootstraps.isEmpty() ? bootstraps : seeded ? List.of() : List.of(NodeConfig.DEFAULT_BOOTSTRAP);
        for (String b : given) {
            if (!b.equalsIgnoreCase("none") && !b.isBlank()) {
                boots.add(Address.parse(b.trim()));
            }
        }
        return new NodeConfig(bind, port, adv, dataDir, seeds.stream().filter(s -> !s.isBlank())
                .map(s -> Address.parse(s.trim())).toList(), boots, clusterId,
                Optional.ofNullable(clusterKey).filter(k -> !k.isBlank()), Units.bytes(maxBlobSize), policy,
                Units.duration(replicasTimeout), Units.bytes(contentCache), clockOffset == null ? Duration.ZERO : signedDuration(clockOffset), g,
                new Limits(rateLimit, uploadsPerClient, maxConcurrentRequests, maxConnections, Units.duration(headerTimeout),
                        Units.duration(bodyTimeout), Units.bytes(minUploadRate)),
                TlsFiles.of(tlsCert, tlsKey, tlsKeystore, tlsKeystorePassword, tlsCa), insecureOpenCluster,
                EdgeConfig.of(Units.bytes(cacheSize), Units.bytes(maxDisk)), Units.duration(contentGcDelay));
    }

    private static Duration signedDuration(String text) {
        String t = text.trim();
        return t.startsWith("-") ? Units.duration(t.substring(1)).negated() : Units.duration(t.replaceFirst("^\\+", ""));
    }
}
