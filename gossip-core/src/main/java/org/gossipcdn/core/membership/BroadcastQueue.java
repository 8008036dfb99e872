package org.gossipcdn.core.membership;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.gossipcdn.core.identity.NodeId;

/**
 * Membership updates waiting to ride piggyback. Each is sent a bounded number of times,
 * least-sent first; a newer update about a member replaces the queued one.
 *
 * <p>Not thread-safe: owned by the node's loop.
 */
final class BroadcastQueue {

    private static final class Entry {
        final Member update;
        final long seq;
        int transmits;

        Entry(Member update, long seq) {
            this.update = update;
            this.seq = seq;
        }
    }

    private final Map<NodeId, Entry> byMember = new HashMap<>();
    private final TreeSet<Entry> order = new TreeSet<>(
            Comparator.<Entry>comparingInt(e -> e.transmits).thenComparingLong(e -> e.seq));
    private long nextSeq;

    void add(Member update) {
        Entry old = byMember.remove(update.id());
        if (old != null) {
            order.remove(old);
        }
        Entry e = new Entry(update, nextSeq++);
        byMember.put(update.id(), e);
        order.add(e);
    }

    /** Up to {@code max} updates; each taken counts a transmit and is dropped after {@code limit}. */
    List<Member> take(int max, int limit) {
        List<Entry> taken = new ArrayList<>(Math.min(max, order.size()));
        while (taken.size() < max && !order.isEmpty()) {
            taken.add(order.pollFirst());
        }
        List<Member> out = new ArrayList<>(taken.size());
        for (Entry e : taken) {
            out.add(e.update);
            e.transmits++;
            if (e.transmits < limit) {
                order.add(e);
            } else {
                byMember.remove(e.update.id());
            }
        }
        return out;
    }

    int size() {
        return order.size();
    }
}
