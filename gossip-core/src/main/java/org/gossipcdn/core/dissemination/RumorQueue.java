package org.gossipcdn.core.dissemination;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Version;

/**
 * Fresh records this node still pushes, oldest first, each for a bounded number of ticks
 * ("forwarded while fresh").
 *
 * <p>Not thread-safe: owned by the node's loop.
 */
final class RumorQueue {

    private record Id(java.util.UUID key, Version version) {}

    private static final class Entry {
        final BlobRecord record;
        int ticksLeft;

        Entry(BlobRecord record, int ticksLeft) {
            this.record = record;
            this.ticksLeft = ticksLeft;
        }
    }

    private final Map<Id, Entry> entries = new LinkedHashMap<>();

    void add(BlobRecord record, int ticks) {
        entries.putIfAbsent(new Id(record.key(), record.version()), new Entry(record, ticks));
    }

    /** Up to {@code max} records for this tick; each taken loses a tick and leaves at zero. */
    List<BlobRecord> take(int max) {
        List<BlobRecord> out = new ArrayList<>(Math.min(max, entries.size()));
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && out.size() < max) {
            Entry e = it.next();
            out.add(e.record);
            if (--e.ticksLeft <= 0) {
                it.remove();
            }
        }
        return out;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }
}
