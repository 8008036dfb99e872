package org.gossipcdn.transport.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers the MACs of accepted gossip requests until their timestamps leave the window, so the
 * same signed request sent again (a replay) is refused. Keyed by the first 64 bits of the MAC;
 * bounded: past {@code maxEntries} live entries it refuses new requests rather than grow.
 */
final class ReplayGuard {

    enum Result { FIRST, REPLAY, FULL }

    private final ConcurrentHashMap<Long, Long> expiry = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final AtomicLong inserts = new AtomicLong();

    ReplayGuard(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Records {@code macPrefix}, valid until {@code expiresAt}; says whether it was seen before. */
    Result check(long macPrefix, long expiresAt, long now) {
        if (inserts.incrementAndGet() % 4096 == 0 || expiry.size() >= maxEntries) {
            expiry.values().removeIf(t -> t < now);
        }
        if (expiry.size() >= maxEntries) {
            return Result.FULL;
        }
        Long before = expiry.putIfAbsent(macPrefix, expiresAt);
        if (before == null || before < now && expiry.replace(macPrefix, before, expiresAt)) {
            return Result.FIRST; // never seen, or seen so long ago that its entry had expired
        }
        return Result.REPLAY;
    }

    int size() {
        return expiry.size();
    }
}
