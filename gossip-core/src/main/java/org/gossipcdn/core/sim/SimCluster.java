package org.gossipcdn.core.sim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.replica.Precondition;
import org.gossipcdn.core.replica.SignedWrite;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;

/**
 * N {@link GossipNode}s on one {@link SimNetwork}, each with an {@link InMemoryStore} that
 * survives its crashes: the harness the scenarios, the tests and embedders' tests build on.
 *
 * <p>Not thread-safe: drive it from one thread.
 */
public final class SimCluster {

    /** One simulated node: its address, its disk and the node running on it (null while crashed). */
    public static final class SimMember {
        public final int index;
        public final Address address;
        public final InMemoryStore store = new InMemoryStore();
        public final NodeId id;
        private GossipNode node;

        SimMember(int index, Address address, java.util.random.RandomGenerator random) {
            this.index = index;
            this.address = address;
            this.id = GossipNode.loadOrCreateId(store, random);
        }

        public GossipNode node() {
            return node;
        }
    }

    private final SimNetwork network;
    private final GossipConfig config;
    private final IntFunction<Listener> listeners;
    private final List<SimMember> members = new ArrayList<>();

    /**
     * @param listeners the listener for node {@code i} (called again for a restarted node)
     */
    public SimCluster(long seed, int size, GossipConfig config, IntFunction<Listener> listeners) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        this.network = new SimNetwork(seed);
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        for (int i = 0; i < size; i++) {
            Address address = new Address("node-" + i, 7000);
            network.host(address);
            members.add(new SimMember(i, address, network.splitRandom()));
        }
    }

    public SimNetwork network() {
        return network;
    }

    public int size() {
        return members.size();
    }

    public SimMember member(int i) {
        return members.get(i);
    }

    public GossipNode node(int i) {
        return members.get(i).node;
    }

    /** The index of the member with {@code id}. */
    public int indexOf(NodeId id) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).id.equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no member " + id);
    }

    /**
     * Starts every node. {@code warm}: each starts knowing every other as alive, as in a network
     * that has been running a while; otherwise each joins through node 0.
     */
    public void startAll(boolean warm) {
        List<Member> everyone = new ArrayList<>();
        for (SimMember m : members) {
            everyone.add(new Member(m.id, m.address, Role.DATA, MemberStatus.ALIVE, 0));
        }
        for (SimMember m : members) {
            boot(m, warm ? List.of() : List.of(members.get(0).address));
            if (warm) {
                m.node.learn(everyone);
            }
        }
    }

    private void boot(SimMember m, List<Address> seeds) {
        SimHostKit kit = network.host(m.address);
        m.node = new GossipNode(config, m.id, m.address, Role.DATA, kit.clock(), kit.scheduler(),
                network.splitRandom(), kit.transport(), m.store, listeners.apply(m.index));
        m.node.start(seeds);
    }

    /** kill -9: the node stops at once; its store stays. */
    public void crash(int i) {
        SimMember m = members.get(i);
        network.crash(m.address);
        m.node = null;
    }

    /** Starts a crashed node again on its old store, joining through up to three live nodes. */
    public void restart(int i) {
        SimMember m = members.get(i);
        network.revive(m.address);
        List<Address> seeds = new ArrayList<>();
        for (SimMember other : members) {
            if (other != m && other.node != null && seeds.size() < 3) {
                seeds.add(other.address);
            }
        }
        boot(m, seeds);
    }

    /** Adds a new node, which joins through up to three live nodes; returns its index. */
    public int add() {
        int i = members.size();
        Address address = new Address("node-" + i, 7000);
        network.host(address);
        SimMember m = new SimMember(i, address, network.splitRandom());
        members.add(m);
        List<Address> seeds = new ArrayList<>();
        for (SimMember other : members) {
            if (other != m && other.node != null && seeds.size() < 3) {
                seeds.add(other.address);
            }
        }
        boot(m, seeds);
        return i;
    }

    public boolean isUp(int i) {
        return members.get(i).node != null;
    }

    /** Indexes of the nodes that are running. */
    public List<Integer> live() {
        List<Integer> out = new ArrayList<>();
        for (SimMember m : members) {
            if (m.node != null) {
                out.add(m.index);
            }
        }
        return out;
    }

    /** Writes {@code content} under {@code key} at node {@code i} and runs until the write is acknowledged. */
    public WriteOutcome write(int i, UUID key, byte[] content) {
        SimMember m = members.get(i);
        Store.StoredContent stored;
        try {
            stored = m.store.putContent(new ByteArrayInputStream(content), Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return await(m.node.write(key, stored, "application/octet-stream", Precondition.NONE));
    }

    /**
     * Writes {@code content} (or, if null, a delete) under {@code key} at node {@code i} as
     * {@code owner}'s client does: reads the node's state, signs a later version, sends it.
     */
    public WriteOutcome writeSigned(int i, UUID key, byte[] content, SimOwner owner) {
        SimMember m = members.get(i);
        Store.StoredContent stored = content == null ? new Store.StoredContent(Sha256.EMPTY, 0) : storeContent(m.store, content);
        String type = BlobRecord.DEFAULT_CONTENT_TYPE;
        SignedWrite signed = owner.sign(key, m.store.get(key), network.wallMillis(m.address), content == null,
                stored.hash(), stored.size(), type);
        return await(content == null ? m.node.delete(key, Precondition.NONE, signed)
                : m.node.write(key, stored, type, Precondition.NONE, signed));
    }

    private static Store.StoredContent storeContent(Store store, byte[] content) {
        try {
            return store.putContent(new ByteArrayInputStream(content), Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets node {@code i}'s wall clock {@code offset} away from true time (its HLC follows). */
    public void clockOffset(int i, Duration offset) {
        network.setClockOffset(members.get(i).address, offset);
    }

    /** Node {@code i}'s wall clock now. */
    public long wallMillis(int i) {
        return network.wallMillis(members.get(i).address);
    }

    /** Deletes {@code key} at node {@code i} and runs until acknowledged. */
    public WriteOutcome delete(int i, UUID key) {
        return await(members.get(i).node.delete(key, Precondition.NONE));
    }

    /** Runs the network until {@code future} completes (at most a simulated minute). */
    public <T> T await(CompletableFuture<T> future) {
        network.runUntil(future::isDone, Duration.ofMillis(1), Duration.ofMinutes(1));
        if (!future.isDone()) {
            throw new IllegalStateException("no answer within a simulated minute (seed " + network.seed() + ")");
        }
        return future.join();
    }

    public Optional<KeyState> state(int i, UUID key) {
        return members.get(i).store.get(key);
    }

    /** True if every running node holds the same digest root and none is re-syncing. */
    public boolean converged() {
        Object root = null;
        for (int i : live()) {
            var status = await(node(i).status());
            if (status.resyncing() || (root != null && !root.equals(status.digestRoot()))) {
                return false;
            }
            root = status.digestRoot();
        }
        return true;
    }
}
