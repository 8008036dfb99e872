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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.LoopScheduler;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.placement.Placement;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.placement.Rebalancer;
import org.gossipcdn.core.spi.Store;
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

    /** Rebalancing figures (proposal 0016), read from the node's status when scraped. */
    private void placementGauges(NodeMetrics metrics) {
        metrics.gauge("gcdn_placement_under_replicated", "kept versions of keys this node holds whose content it lacks "
                + "(last rebalancing pass)", () -> placement(Rebalancer.Progress::underReplicated));
        metrics.gauge("gcdn_placement_backlog", "keys and leaves left in the current rebalancing pass",
                () -> placement(Rebalancer.Progress::backlog));
        metrics.gauge("gcdn_placement_held_bytes", "bytes of content this node holds as a holder (last pass)",
                () -> placement(Rebalancer.Progress::heldBytes));
        metrics.counter("gcdn_placement_fetched_bytes", "bytes of content fetched from peers (records' content, repair, "
                + "rebalancing); its rate is the rebalancing rate", () -> placement(Rebalancer.Progress::bytesFetched));
        metrics.counter("gcdn_placement_released_copies", "copies handed to the cache or deleted once their holders "
                + "confirmed theirs", () -> placement(Rebalancer.Progress::copiesReleased));
    }

    private double placement(ToLongFunction<Rebalancer.Progress> figure) {
        try {
            return figure.applyAsLong(node.status().get(2, TimeUnit.SECONDS).placement());
        } catch (Exception e) {
            return Double.NaN; // the loop did not answer in time: no sample
        }
    }

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
    private final ExecutorService evictor;
    private final Optional<KeyringToken> firstKeyToken;
    private final ContentCollector collector;
    private final EventStream events = new EventStream();
    private final SeedJoiner seedJoiner;
    private final LoopHeartbeat heartbeat;
    /** Conditions for readiness beyond the loop's own (e.g. a disk budget); see {@link #addReadinessCheck}. */
    private final List<ReadinessCheck> readinessChecks = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Why a node without any cluster key refuses to start, and what to do about it. */
    static final String NO_KEY = "no cluster key: without one, any host that can reach the port is a member and can "
            + "replace or delete every blob on every node. Give every node and bootstrap of the network the same "
            + "--cluster-key SECRET (>= 16 characters; or GCDN_CLUSTER_KEY), or, for a throw-away network, "
            + "--insecure-open-cluster";

    /** How often the loop stamps its heartbeat, and how old the stamp may be before live turns 503 (proposal 0019). */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration LIVE_LIMIT = Duration.ofSeconds(10);
    /** How long /v1/health/ready waits for the loop to answer before it says not ready. */
    static final Duration READY_LOOP_TIMEOUT = Duration.ofSeconds(2);

    /** @throws IllegalStateException when there is no cluster key and the config does not choose an open cluster */
    public NodeServer(NodeConfig config) {
        this(config, new DnsSeedResolver());
    }

    /** @param seeds resolves --seed and --bootstrap names to every address behind them, on each join attempt */
    public NodeServer(NodeConfig config, SeedResolver seeds) {
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
        EdgeConfig edge = config.edge();
        // the node is built with its cache, and the cache asks the node who holds a key: through the field, once both exist
        int replicas = config.gossip().placement().replicas();
        PlacementView placement = new PlacementView(id, this::rank, () -> replicas, this::deleteIfUnneeded);
        this.evictor = Executors.newSingleThreadExecutor(r -> new Thread(r, "edge-cache-evict"));
        LruEdgeCache edgeCache = new LruEdgeCache(edge.cacheBytes(), placement, evictor);
        SystemClock clock = new SystemClock(config.clockOffset().toMillis());
        RecentActivity activity = new RecentActivity(clock::wallMillis);
        PropagationLag lag = new PropagationLag(id, clock::wallMillis, metrics.registry());
        RecentCommits recent = new RecentCommits(clock::wallMillis);
        this.node = new GossipNode(config.gossip(), id, config.advertise(), Role.DATA,
                clock, scheduler, new SplittableRandom(new SecureRandom().nextLong()),
                transport, store, Listeners.of(metrics, activity, lag, recent, new MemberStates(id, metrics.registry()), events),
                edgeCache);
        DiskUsage diskUsage = new DiskUsage(config.dataDir(), () -> clock.monotonicNanos() / 1_000_000);
        for (String kind : DiskUsage.measure(config.dataDir()).keySet()) {
            if (!kind.equals("total")) {
                io.micrometer.core.instrument.Gauge.builder("gcdn_disk_bytes", () -> diskUsage.byKind().get(kind)).tag("kind", kind)
                        .description("bytes on disk under the data dir, by kind of file").register(metrics.registry());
            }
        }
        metrics.gauge("gcdn_keys", "keys held by this replica", store::keyCount);
        metrics.gauge("gcdn_content_bytes", "bytes of content stored (blobs, by hash)", () -> store.contentUsage().bytes());
        metrics.gauge("gcdn_content_count", "pieces of content stored", () -> store.contentUsage().count());
        metrics.gauge("gcdn_store_disk_bytes", "bytes the store takes on disk (live SST and blob files, WAL)", store::diskBytes);
        this.collector = new ContentCollector(store, config.contentGcDelay(), metrics);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics.registry());
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(metrics.registry());
        ContentCache cache = new ContentCache(config.contentCacheBytes());
        metrics.gauge("gcdn_content_cache_bytes", "off-heap bytes of hot content cached", cache::usedBytes);
        metrics.unauthorizedGossip(transport::unauthorizedRequests);
        metrics.gauge("gcdn_gossip_call_bytes", "body bytes of the gossip calls this node made, requests and answers",
                transport::exchangeBytes);
        metrics.gauge("gcdn_gossip_body_bytes", "inbound gossip body bytes held in memory now (at most the body budget)",
                transport.bodyBudget()::inUseBytes);
        io.micrometer.core.instrument.FunctionCounter.builder("gcdn_gossip_body_refusals", transport.bodyBudget(),
                        b -> (double) b.refused())
                .description("inbound gossip bodies refused with 503 because the body budget was spent").register(metrics.registry());
        Limits limits = config.limits();
        StoreDirectorySize diskUse = new StoreDirectorySize(config.dataDir().resolve("db"));
        DiskBudget disk = new DiskBudget(edge.maxDiskBytes(), diskUse, edgeCache);
        readinessChecks.add(() -> disk.isShort()
                ? Optional.of("over its disk budget: it cannot take its holder's share within --max-disk " + disk.maxBytes() + " bytes")
                : Optional.empty());
        ReadThrough readThrough = new ReadThrough(store, transport, placement, edgeCache, disk::makeRoom, metrics,
                edge.fetchOpenTimeout(), edge.fetchWaitTimeout());
        metrics.gauge("gcdn_content_cache_copy_bytes", "bytes of content kept as cache copies (keys this node does not hold)",
                edgeCache::usedBytes);
        metrics.gauge("gcdn_content_holder_bytes", "bytes on disk for what this node holds: all but its cache copies",
                () -> Math.max(0, disk.usedBytes() - edgeCache.usedBytes()));
        metrics.gauge("gcdn_disk_used_bytes", "disk used by the store", disk::usedBytes);
        metrics.gauge("gcdn_disk_max_bytes", "--max-disk (0: no limit)", disk::maxBytes);
        metrics.gauge("gcdn_disk_short", "1 if this node cannot take its holder's share within --max-disk",
                () -> disk.isShort() ? 1 : 0);
        metrics.gauge("gcdn_edge_cache_evictions", "cache copies evicted", edgeCache::evictions);
        placementGauges(metrics);
        BlobReplicas where = new BlobReplicas(placement, node::askHas);
        BlobApi blobs = new BlobApi(new BlobReads(node, store, new ContentResponses(store, cache, metrics), readThrough, metrics,
                where),
                new BlobWrites(node, store, config.maxBlobBytes(), config.replicasTimeout(), metrics, limits, disk));
        RequestLimit inProgress = new RequestLimit(limits.maxConcurrentRequests(), limits.maxConcurrentRequests());
        inProgress.setFailureHandler(ex -> {
            metrics.limited("busy");
            ex.getResponseHeaders().put(io.undertow.util.Headers.RETRY_AFTER, "1");
            org.gossipcdn.transport.http.Problem.send(ex, 503, "Service Unavailable",
                    "more than " + 2 * limits.maxConcurrentRequests() + " API requests in progress or queued; retry shortly");
        });
        // Expect: 100-continue is answered when the body is first read, so a refusal (413, 429, 400) comes without it
        HttpHandler publicApi = new HttpContinueReadHandler(
                new RequestLimitingHandler(inProgress, new ClientLimits(new BlobListing(store,
                new Receipts(node, recent, config.advertise().toString(), blobs)), limits, metrics)));
        this.firstKeyToken = ring.isEmpty() ? Optional.of(KeyringToken.create(config.dataDir().resolve(KeyringToken.FILE)))
                : Optional.empty();
        this.heartbeat = new LoopHeartbeat(scheduler, HEARTBEAT, System::nanoTime);
        HttpHandler health = new BlockingHandler(new HealthApi(heartbeat, LIVE_LIMIT, node::readiness, READY_LOOP_TIMEOUT,
                readinessChecks));
        ClusterApi cluster = new ClusterApi(node, metrics, VERSION, () -> !auth.hasKey(), () -> details(disk, diskUsage, activity));
        ClusterOverview overview = new ClusterOverview(node, cluster::statusBody, lag, activity, tls.map(HttpTransport.Tls::context));
        HttpHandler clusterApi = new BlockingHandler(cluster);
        PathHandler routes = new PathHandler(clusterApi)
                .addPrefixPath(MemberAdminApi.PREFIX, new MemberAdminApi(node, auth, clusterApi))
                .addExactPath(HealthApi.LIVE, health)
                .addExactPath(HealthApi.READY, health)
                .addExactPath("/", new Dashboard(id.toString(), () -> !auth.hasKey()))
                .addExactPath("/v1/cluster/overview", new BlockingHandler(overview))
                .addExactPath("/v1/events", events)
                .addPrefixPath("/gossip/v1", transport.endpoints())
                .addPrefixPath("/v1/cluster/keyring", new KeyringApi(auth, firstKeyToken, ownOrigins(config)))
                .addPrefixPath("/v1/blobs", publicApi)
                .addPrefixPath("/v1/content", publicApi);
        this.graceful = new GracefulShutdownHandler(ex -> {
            ex.getResponseHeaders().put(NOSNIFF, "nosniff"); // browsers must not guess a type other than the one sent
            routes.handleRequest(ex);
        });
        HttpHandler measured = new RequestMetrics(graceful, metrics.registry());
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
                .setHandler(measured)
                .build();
        this.bootstrap = new BootstrapClient(config, node, transport.auth(), seeds);
        List<Address> joinThrough = new ArrayList<>(config.seeds());
        joinThrough.addAll(config.bootstraps());
        this.seedJoiner = new SeedJoiner(joinThrough, seeds, node, config.gossip().membership().protocolPeriod().multipliedBy(5));
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
        heartbeat.start();
        undertow.start();
        List<Address> seeds = seedJoiner.resolve();
        LOG.info("joining through {}", seeds);
        node.start(seeds);
        seedJoiner.start();
        bootstrap.start();
        collector.start();
        LOG.info("serving the API and gossip on {}:{}, advertised as {}", config.bind(), port(), config.advertise());
        return this;
    }

    /** What {@code /v1/status} adds to the core view: disk by kind, the newest commit, trouble in the last hour. */
    /** The parts of {@code /v1/status} beyond the node's own view: disk budget and use, recent activity. */
    private Map<String, Object> details(DiskBudget budget, DiskUsage usage, RecentActivity activity) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        Map<String, Object> disk = budget.status();
        Store.ContentUsage content = store.contentUsage(); // blobs' bytes, each hash once: holder and cache copies
        disk.put("contentBytes", content.bytes());
        disk.put("contentCount", content.count());
        m.put("disk", disk);
        if (Boolean.TRUE.equals(disk.get("short"))) {
            m.put("status", "short-of-disk");
        }
        m.put("diskByKind", usage.byKind());
        RecentActivity.Snapshot s = activity.snapshot();
        m.put("newestCommitMillis", s.newestCommitMillis());
        m.put("conflictsLastHour", s.conflicts());
        m.put("untrustedLastHour", s.untrusted());
        return m;
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

    /** The node's ranking of holders for a key (the edge cache is built before the node, and asks through here). */
    private CompletableFuture<List<Placement.Holder>> rank(UUID key) {
        return node.rank(key);
    }

    /** Deletes content the node does not need (the edge cache is built before the node, and asks through here). */
    private CompletableFuture<Boolean> deleteIfUnneeded(Sha256 hash) {
        return node.deleteIfUnneeded(hash);
    }

    public GossipNode node() {
        return node;
    }

    /**
     * Adds a condition to {@code GET /v1/health/ready}: while it gives a reason, the node answers 503
     * with that reason among the others. The hook for checks that live outside the protocol loop,
     * such as a disk budget. Thread-safe; checks are asked on every readiness request.
     */
    public void addReadinessCheck(ReadinessCheck check) {
        readinessChecks.add(java.util.Objects.requireNonNull(check, "check"));
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
        evictor.shutdownNow(); // evictions not yet run are dropped: the content stays, as if evicted later
        collector.close();
        events.closeAll();
        seedJoiner.close();
        heartbeat.stop();
        GracefulStop.run(node, graceful, Duration.ofSeconds(10), undertow, transport, scheduler, store);
        LOG.info("stopped; RocksDB closed");
    }
}
