package org.gossipcdn.node;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;

/**
 * What happened on this replica lately, for {@code gcdn status} and the dashboard: the newest
 * version it committed (how far behind the network it is), and conflicts and untrusted records per
 * minute over the last hour. Fixed size: sixty minute slots. Listener calls come from the node
 * loop and take a short lock; readers are API threads.
 */
final class RecentActivity implements Listener {

    static final int MINUTES = 60;

    private final LongSupplier wallMillis;
    private final long[] slotMinute = new long[MINUTES];
    private final long[] conflicts = new long[MINUTES];
    private final long[] untrusted = new long[MINUTES];
    private long newestCommitMillis;

    RecentActivity(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    /** Counts per minute, oldest first, the last entry being the current minute. */
    record Snapshot(long newestCommitMillis, List<Long> conflictsPerMinute, List<Long> untrustedPerMinute) {
        Snapshot {
            conflictsPerMinute = List.copyOf(conflictsPerMinute);
            untrustedPerMinute = List.copyOf(untrustedPerMinute);
        }

        long conflicts() {
            return conflictsPerMinute.stream().mapToLong(Long::longValue).sum();
        }

        long untrusted() {
            return untrustedPerMinute.stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public synchronized void onRecordCommitted(KeyState before, KeyState after) {
        newestCommitMillis = Math.max(newestCommitMillis, after.winner().version().hlc().wallMillis());
        int kept = Conflicts.newlyKept(before, after).size();
        if (kept > 0) {
            conflicts[slot()] += kept;
        }
    }

    @Override
    public synchronized void onUntrustedRecord(BlobRecord record, Address from, String reason) {
        untrusted[slot()]++;
    }

    /** The slot of the current minute, cleared if it last held an older minute. */
    private int slot() {
        long minute = Math.floorDiv(wallMillis.getAsLong(), 60_000L);
        int i = (int) Math.floorMod(minute, (long) MINUTES);
        if (slotMinute[i] != minute) {
            slotMinute[i] = minute;
            conflicts[i] = 0;
            untrusted[i] = 0;
        }
        return i;
    }

    synchronized Snapshot snapshot() {
        long now = Math.floorDiv(wallMillis.getAsLong(), 60_000L);
        List<Long> c = new ArrayList<>(MINUTES);
        List<Long> u = new ArrayList<>(MINUTES);
        for (long m = now - MINUTES + 1; m <= now; m++) {
            int i = (int) Math.floorMod(m, (long) MINUTES);
            boolean current = slotMinute[i] == m;
            c.add(current ? conflicts[i] : 0);
            u.add(current ? untrusted[i] : 0);
        }
        return new Snapshot(newestCommitMillis, c, u);
    }
}
