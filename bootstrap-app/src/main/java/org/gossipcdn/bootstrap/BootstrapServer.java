package org.gossipcdn.bootstrap;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.PathHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.LoopScheduler;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.time.SystemClock;
import org.gossipcdn.node.DnsSeedResolver;
import org.gossipcdn.node.GracefulStop;
import org.gossipcdn.node.HealthApi;
import org.gossipcdn.node.LoopHeartbeat;
import org.gossipcdn.node.LogContext;
import org.gossipcdn.storage.FsyncPolicy;
import org.gossipcdn.storage.RocksDbStore;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.GossipJson;
import org.gossipcdn.transport.http.HttpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bootstrap process: a {@link Role#REGISTRY} gossip member (membership only, no data) with the
 * registry API, on one port. Its identity and registry live in RocksDB under the data dir.
 */
final class BootstrapServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapServer.class);

    private final RocksDbStore store;
    private final LoopScheduler scheduler;
    private final HttpTransport transport;
    private final GossipNode node;
    private final Registry registry;
    private final Undertow undertow;
    private final GracefulShutdownHandler graceful;
    private final List<Address> seeds;
    private final LoopHeartbeat heartbeat;
    private boolean closed;

    BootstrapServer(String bind, int port, Address advertise, Path dataDir, List<Address> seeds, String clusterId,
                    Optional<String> clusterKey, GossipConfig gossip) {
        this.store = RocksDbStore.open(dataDir.resolve("db"), FsyncPolicy.PROCESS_CRASH);
        NodeId id = GossipNode.loadOrCreateId(store, new SecureRandom());
        LogContext.nodeId(id);
        this.registry = new Registry(store, System::currentTimeMillis);
        this.scheduler = new LoopScheduler("gossip-loop-" + id.shortId());
        this.transport = new HttpTransport(new ClusterAuth(clusterId, clusterKey, Duration.ofSeconds(60)), new GossipJson(),
                HttpTransport.Config.defaults());
        this.node = new GossipNode(gossip, id, advertise, Role.REGISTRY, new SystemClock(), scheduler,
                new SplittableRandom(new SecureRandom().nextLong()), transport, store, registry);
        this.heartbeat = new LoopHeartbeat(scheduler, Duration.ofSeconds(1), System::nanoTime);
        HttpHandler health = new BlockingHandler(new HealthApi(heartbeat, Duration.ofSeconds(10), node::readiness,
                Duration.ofSeconds(2), List.of()));
        PathHandler routes = new PathHandler(new BlockingHandler(new RegistryApi(registry, node, transport.auth())))
                .addExactPath(HealthApi.LIVE, health)
                .addExactPath(HealthApi.READY, health)
                .addPrefixPath("/gossip/v1", transport.endpoints());
        this.graceful = new GracefulShutdownHandler(routes);
        this.undertow = Undertow.builder().addHttpListener(port, bind).setHandler(graceful).build();
        this.seeds = new ArrayList<>();
        DnsSeedResolver dns = new DnsSeedResolver(); // a seed name stands for every address it resolves to
        for (Address seed : seeds) {
            List<Address> resolved = dns.resolve(seed);
            this.seeds.addAll(resolved.isEmpty() ? List.of(seed) : resolved);
        }
        this.seeds.addAll(registry.knownAddresses());
        LOG.info("bootstrap {} at {} (data dir {}), {} nodes known from before", id.shortId(), advertise, dataDir,
                registry.size());
    }

    BootstrapServer start() {
        heartbeat.start();
        undertow.start();
        if (!transport.auth().hasKey()) {
            LOG.warn("INSECURE OPEN CLUSTER (--insecure-open-cluster): no cluster key, so any host that can reach port {} "
                    + "can gossip with this network", port());
        }
        node.start(seeds);
        LOG.info("serving the registry and gossip on port {}", port());
        return this;
    }

    int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("shutting down the bootstrap");
        heartbeat.stop();
        GracefulStop.run(node, graceful, Duration.ofSeconds(5), undertow, transport, scheduler, store);
    }
}
