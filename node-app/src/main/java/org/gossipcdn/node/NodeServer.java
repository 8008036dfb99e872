package org.gossipcdn.node;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.RequestLimit;
import io.undertow.server.handlers.RequestLimitingHandler;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.LoopScheduler;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.time.SystemClock;
import org.gossipcdn.storage.RocksDbStore;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.GossipJson;
import org.gossipcdn.transport.http.HttpTransport;
import org.gossipcdn.transport.http.Keyring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * One node process: wires RocksDB, the HTTP transport and a {@link GossipNode}, serves the
 * public API and gossip on one Undertow port, and shuts down gracefully (leave the cluster,
 * finish in-flight requests, close RocksDB).
 */
public final class NodeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);
    static final String VERSION = "gcdn node 0.1.0";
    private static final HttpString NOSNIFF = HttpString.tryFromString("X-Content-Type-Options");

    private final NodeConfig config;
    private final RocksDbStore store;
    private final LoopScheduler scheduler;
    private final HttpTransport transport;
    private final GossipNode node;
    private final Undertow undertow;
    private final GracefulShutdownHandler graceful;
    private final BootstrapClient bootstrap;
    private final Optional<KeyringToken> firstKeyToken;
    private volatile boolean closed;

    /** Why a node without any cluster key refuses to start, and what to do about it. */
    static final String NO_KEY = "no cluster key: without one, any host that can reach the port is a member and can "
            + "replace or delete every blob on every node. Give every node and bootstrap of the network the same "
            + "--cluster-key SECRET (>= 16 characters; or GCDN_CLUSTER_KEY), or, for a throw-away network, "
            + "--insecure-open-cluster";

    /** @throws IllegalStateException when there is no cluster key and the config does not choose an open cluster */
    public NodeServer(NodeConfig config) {
        this.config = config;
        Keyring ring = KeyringFile.load(config.dataDir().resolve("keyring"), config.clusterKey());
        if (ring.isEmpty() && !config.insecureOpenCluster()) {
            throw new IllegalStateException(NO_KEY);
        }
        this.store = RocksDbStore.open(config.dataDir().resolve("db"), config.fsync());
        NodeId id = GossipNode.loadOrCreateId(store, new SecureRandom());
        LogContext.nodeId(id);
        this.scheduler = new LoopScheduler("gossip-loop-" + id.shortId());
        ClusterAuth auth = new ClusterAuth(config.clusterId(), ring, Duration.ofSeconds(60));
        Optional<HttpTransport.Tls> tls = config.tls().map(Tls::load);
        this.transport = new HttpTransport(auth, new GossipJson(), HttpTransport.Config.defaults(), tls);
        NodeMetrics metrics = new NodeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        this.node = new GossipNode(config.gossip(), id, config.advertise(), Role.DATA,
                new SystemClock(config.clockOffset().toMillis()), scheduler, new SplittableRandom(new SecureRandom().nextLong()),
                transport, store, metrics);
        metrics.gauge("gcdn_keys", "keys held by this replica", store::keyCount);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics.registry());
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(metrics.registry());
        ContentCache cache = new ContentCache(config.contentCacheBytes());
        metrics.gauge("gcdn_content_cache_bytes", "off-heap bytes of hot content cached", cache::usedBytes);
        metrics.unauthorizedGossip(transport::unauthorizedRequests);
        metrics.gauge("gcdn_gossip_call_bytes", "body bytes of the gossip calls this node made, requests and answers",
                transport::exchangeBytes);
        metrics.gauge("gcdn_gossip_body_bytes", "inbound gossip body bytes held in memory now (at most the body budget)",
                transport.bodyBudget()::inUseBytes);
        metrics.gauge("gcdn_gossip_body_refusals", "inbound gossip bodies refused with 503 because the body budget was spent",
                transport.bodyBudget()::refused);
        Limits limits = config.limits();
        BlobApi blobs = new BlobApi(node, store, config.maxBlobBytes(), config.replicasTimeout(), metrics, cache, limits);
        RequestLimit inProgress = new RequestLimit(limits.maxConcurrentRequests(), limits.maxConcurrentRequests());
        inProgress.setFailureHandler(ex -> {
            metrics.limited("busy");
            ex.getResponseHeaders().put(io.undertow.util.Headers.RETRY_AFTER, "1");
            org.gossipcdn.transport.http.Problem.send(ex, 503, "Service Unavailable",
                    "more than " + 2 * limits.maxConcurrentRequests() + " API requests in progress or queued; retry shortly");
        });
        // Expect: 100-continue is answered when the body is first read, so a refusal (413, 429, 400) comes without it
        HttpHandler publicApi = new HttpContinueReadHandler(
                new RequestLimitingHandler(inProgress, new ClientLimits(blobs, limits, metrics)));
        this.firstKeyToken = ring.isEmpty() ? Optional.of(KeyringToken.create(config.dataDir().resolve(KeyringToken.FILE)))
                : Optional.empty();
        PathHandler routes = new PathHandler(new BlockingHandler(new ClusterApi(node, metrics, VERSION, () -> !auth.hasKey())))
                .addPrefixPath("/gossip/v1", transport.endpoints())
                .addPrefixPath("/v1/cluster/keyring", new KeyringApi(auth, firstKeyToken, ownOrigins(config)))
                .addPrefixPath("/v1/blobs", publicApi)
                .addPrefixPath("/v1/content", publicApi);
        this.graceful = new GracefulShutdownHandler(ex -> {
            ex.getResponseHeaders().put(NOSNIFF, "nosniff"); // browsers must not guess a type other than the one sent
            routes.handleRequest(ex);
        });
        Undertow.Builder server = Undertow.builder();
        if (tls.isPresent()) {
            server.addHttpsListener(config.port(), config.bind(), tls.get().context());
        } else {
            server.addHttpListener(config.port(), config.bind());
        }
        this.undertow = server
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.headerTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                .setSocketOption(Options.READ_TIMEOUT, (int) limits.bodyIdleTimeout().toMillis())
                .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
                .setSocketOption(Options.CONNECTION_LOW_WATER, Math.max(1, limits.maxConnections() * 9 / 10))
                .setHandler(graceful)
                .build();
        this.bootstrap = new BootstrapClient(config, node, transport.auth());
    }

    /** Starts serving and joins through the seeds and bootstraps. */
    public NodeServer start() {
        LOG.info("starting {} with {}", VERSION, config.describe());
        if (!transport.auth().hasKey()) {
            LOG.warn("INSECURE OPEN CLUSTER (--insecure-open-cluster): no cluster key, so any host that can reach port {} "
                    + "is a member and can replace or delete every unowned blob on every node", config.port());
            firstKeyToken.ifPresent(t -> LOG.warn("to install the first cluster key, pass the one-time token in {} "
                    + "(readable by this data dir's owner only): gcdn keyring install KEY --token-file {}", t.file(), t.file()));
        }
        if (config.bootstraps().isEmpty()) {
            LOG.info("no bootstrap: joining through the seeds {} only", config.seeds());
        } else {
            LOG.info("asking the bootstrap{} {} for peers{}", config.bootstraps().size() > 1 ? "s" : "", config.bootstraps(),
                    config.seeds().isEmpty() && config.bootstraps().equals(List.of(Address.parse(NodeConfig.DEFAULT_BOOTSTRAP)))
                            ? " (the built-in default when neither --seed nor --bootstrap is given)" : "");
        }
        undertow.start();
        List<Address> seeds = new ArrayList<>(config.seeds());
        seeds.addAll(config.bootstraps());
        node.start(seeds);
        bootstrap.start();
        LOG.info("serving the API and gossip on {}:{}, advertised as {}", config.bind(), port(), config.advertise());
        return this;
    }

    /** The origins a browser shows for pages of this node itself: its advertised and bound addresses, and localhost. */
    static Set<String> ownOrigins(NodeConfig config) {
        String scheme = config.tls().isPresent() ? "https://" : "http://";
        Set<String> hosts = new LinkedHashSet<>(List.of(config.advertise().host(), config.bind(), "localhost", "127.0.0.1", "[::1]"));
        Set<String> origins = new LinkedHashSet<>();
        for (String h : hosts) {
            String host = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
            origins.add((scheme + host + ":" + config.port()).toLowerCase(Locale.ROOT));
            if (config.advertise().port() != config.port()) {
                origins.add((scheme + host + ":" + config.advertise().port()).toLowerCase(Locale.ROOT));
            }
        }
        return origins;
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public GossipNode node() {
        return node;
    }

    /** Graceful stop: tell peers we leave, finish in-flight requests, close the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("shutting down: leaving the cluster, finishing in-flight requests");
        bootstrap.close();
        GracefulStop.run(node, graceful, Duration.ofSeconds(10), undertow, transport, scheduler, store);
        LOG.info("stopped; RocksDB closed");
    }
}
