package org.gossipcdn.node;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.RequestLimit;
import io.undertow.server.handlers.RequestLimitingHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private final NodeConfig config;
    private final RocksDbStore store;
    private final LoopScheduler scheduler;
    private final HttpTransport transport;
    private final GossipNode node;
    private final Undertow undertow;
    private final GracefulShutdownHandler graceful;
    private final BootstrapClient bootstrap;
    private volatile boolean closed;

    public NodeServer(NodeConfig config) {
        this.config = config;
        this.store = RocksDbStore.open(config.dataDir().resolve("db"), config.fsync());
        NodeId id = GossipNode.loadOrCreateId(store, new SecureRandom());
        LogContext.nodeId(id);
        this.scheduler = new LoopScheduler("gossip-loop-" + id.shortId());
        ClusterAuth auth = new ClusterAuth(config.clusterId(),
                KeyringFile.load(config.dataDir().resolve("keyring"), config.clusterKey()), Duration.ofSeconds(60));
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
        HttpHandler publicApi = new RequestLimitingHandler(inProgress, new ClientLimits(blobs, limits, metrics));
        PathHandler routes = new PathHandler(new BlockingHandler(new ClusterApi(node, metrics, VERSION)))
                .addPrefixPath("/gossip/v1", transport.endpoints())
                .addPrefixPath("/v1/cluster/keyring", new KeyringApi(auth))
                .addPrefixPath("/v1/blobs", publicApi)
                .addPrefixPath("/v1/content", publicApi);
        this.graceful = new GracefulShutdownHandler(routes);
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
        this.bootstrap = new BootstrapClient(config, node);
    }

    /** Starts serving and joins through the seeds and bootstraps. */
    public NodeServer start() {
        LOG.info("starting {} with {}", VERSION, config.describe());
        if (!transport.auth().hasKey()) {
            LOG.warn("no cluster key: any host that can reach port {} can gossip with this node; set --cluster-key", config.port());
        }
        undertow.start();
        List<Address> seeds = new ArrayList<>(config.seeds());
        seeds.addAll(config.bootstraps());
        node.start(seeds);
        bootstrap.start();
        LOG.info("serving the API and gossip on {}:{}, advertised as {}", config.bind(), port(), config.advertise());
        return this;
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
