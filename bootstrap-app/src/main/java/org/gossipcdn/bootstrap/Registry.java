package org.gossipcdn.bootstrap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Store;

/**
 * The bootstrap's registry: the data nodes it knows, as the gossip view sees them (alive ones
 * appear, dead and left ones drop out) plus nodes that registered by heartbeat and are not yet in
 * that view. Kept in the store (meta {@value #META_KEY}) on every change, so a restarted bootstrap
 * still knows the network and rejoins it through those addresses.
 *
 * <p>Thread-safe: listener calls come from the node loop, API calls from worker threads.
 */
final class Registry implements Listener {

    static final String META_KEY = "registry";
    private static final long HEARTBEAT_VALID_MILLIS = 90_000;

    /** A data node: its id, address, and when it last registered (0 if only gossip named it). */
    record Entry(String id, String address, long heartbeatMillis) {}

    private final Store store;
    private final LongSupplier clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, MemberStatus> gossipStatus = new ConcurrentHashMap<>();

    Registry(Store store, LongSupplier wallClockMillis) {
        this.store = store;
        this.clock = wallClockMillis;
        store.meta(META_KEY).ifPresent(bytes -> {
            try {
                for (Entry e : json.readValue(bytes, new TypeReference<List<Entry>>() { })) {
                    entries.put(e.id(), e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the stored registry is unreadable", e);
            }
        });
    }

    /** Addresses known from before a restart: the bootstrap rejoins the network through them. */
    List<Address> knownAddresses() {
        return entries.values().stream().map(e -> Address.parse(e.address())).toList();
    }

    /** A node registered or sent its heartbeat. */
    void register(NodeId id, Address address) {
        entries.put(id.toString(), new Entry(id.toString(), address.toString(), clock.getAsLong()));
        persist();
    }

    @Override
    public void onMemberChanged(Member previous, Member current) {
        if (current.role() != Role.DATA) {
            return;
        }
        String id = current.id().toString();
        gossipStatus.put(id, current.status());
        if (current.status() == MemberStatus.ALIVE || current.status() == MemberStatus.SUSPECT) {
            entries.merge(id, new Entry(id, current.address().toString(), 0),
                    (old, fresh) -> new Entry(id, fresh.address(), old.heartbeatMillis()));
        } else {
            entries.remove(id);
        }
        persist();
    }

    /**
     * Up to {@code limit} live data nodes in random order: those the gossip view has alive, plus
     * those with a recent heartbeat or known from before a restart that gossip has not declared gone.
     */
    List<Entry> sample(int limit, Random random) {
        long now = clock.getAsLong();
        List<Entry> live = new ArrayList<>();
        for (Entry e : entries.values()) {
            MemberStatus s = gossipStatus.get(e.id());
            boolean aliveInGossip = s == MemberStatus.ALIVE || s == MemberStatus.SUSPECT;
            boolean unknownToGossip = s == null;
            boolean recentHeartbeat = now - e.heartbeatMillis() < HEARTBEAT_VALID_MILLIS;
            if (aliveInGossip || unknownToGossip || recentHeartbeat) {
                live.add(e);
            }
        }
        Collections.shuffle(live, random);
        return live.subList(0, Math.min(limit, live.size()));
    }

    int size() {
        return entries.size();
    }

    private synchronized void persist() {
        try {
            List<Entry> all = new ArrayList<>(new LinkedHashMap<>(entries).values());
            store.putMeta(META_KEY, json.writeValueAsBytes(all));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
