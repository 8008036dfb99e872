package org.gossipcdn.core.sim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.gossipcdn.core.version.BlobRecord;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;

/**
 * A {@link Store} in the heap: for the simulator, for embedders' tests and for small embedded
 * uses. Thread-safe (every method synchronizes on the store). Content is held whole, so it suits
 * small blobs only.
 */
public final class InMemoryStore implements Store {

    private final TreeMap<UUID, KeyState> states = new TreeMap<>(KEY_ORDER);
    private final Map<Integer, TreeMap<UUID, KeyState>> byLeaf = new HashMap<>();
    private final TreeMap<Integer, Digest> leafDigests = new TreeMap<>();
    private final Map<Sha256, byte[]> content = new HashMap<>();
    private final Map<String, byte[]> meta = new HashMap<>();
    /** Content hash → keys whose kept versions name it. */
    private final Map<Sha256, TreeSet<UUID>> referrers = new HashMap<>();
    /** Content hash → since when (store clock, ms) nothing references it. */
    private final Map<Sha256, Long> unreferencedSince = new HashMap<>();
    private final LongSupplier millis;

    /** A store whose garbage clock is the system's wall clock. */
    public InMemoryStore() {
        this(System::currentTimeMillis);
    }

    /** A store whose garbage clock is {@code millis} (the simulator's clock). */
    public InMemoryStore(LongSupplier millis) {
        this.millis = java.util.Objects.requireNonNull(millis, "millis");
    }

    @Override
    public synchronized Optional<KeyState> get(UUID key) {
        return Optional.ofNullable(states.get(key));
    }

    @Override
    public synchronized void put(KeyState state, int leaf, Digest leafDigest) {
        checkLeaf(state.key(), leaf);
        updateReferences(state.key(), states.get(state.key()), state);
        states.put(state.key(), state);
        byLeaf.computeIfAbsent(leaf, l -> new TreeMap<>()).put(state.key(), state);
        setLeaf(leaf, leafDigest);
    }

    @Override
    public synchronized void remove(UUID key, int leaf, Digest leafDigest) {
        checkLeaf(key, leaf);
        updateReferences(key, states.remove(key), null);
        TreeMap<UUID, KeyState> inLeaf = byLeaf.get(leaf);
        if (inLeaf != null) {
            inLeaf.remove(key);
            if (inLeaf.isEmpty()) {
                byLeaf.remove(leaf);
            }
        }
        setLeaf(leaf, leafDigest);
    }

    private void updateReferences(UUID key, KeyState before, KeyState after) {
        Set<Sha256> old = contentOf(before);
        Set<Sha256> now = contentOf(after);
        long time = millis.getAsLong();
        for (Sha256 h : old) {
            if (!now.contains(h)) {
                TreeSet<UUID> keys = referrers.get(h);
                if (keys != null && keys.remove(key) && keys.isEmpty()) {
                    referrers.remove(h);
                    unreferencedSince.put(h, time);
                }
            }
        }
        for (Sha256 h : now) {
            referrers.computeIfAbsent(h, x -> new TreeSet<>()).add(key);
            unreferencedSince.remove(h);
        }
    }

    private static Set<Sha256> contentOf(KeyState state) {
        Set<Sha256> hashes = new HashSet<>();
        if (state != null) {
            for (BlobRecord r : state.heads()) {
                if (r.hasContent() && !r.contentHash().equals(Sha256.EMPTY)) {
                    hashes.add(r.contentHash());
                }
            }
        }
        return hashes;
    }

    private static void checkLeaf(UUID key, int leaf) {
        if (Store.leafOf(key) != leaf) {
            throw new IllegalArgumentException("key " + key + " is in leaf " + Store.leafOf(key) + ", not " + leaf);
        }
    }

    private void setLeaf(int leaf, Digest digest) {
        if (digest.isZero()) {
            leafDigests.remove(leaf);
        } else {
            leafDigests.put(leaf, digest);
        }
    }

    @Override
    public synchronized List<KeyState> leafStates(int leaf) {
        TreeMap<UUID, KeyState> inLeaf = byLeaf.get(leaf);
        return inLeaf == null ? List.of() : new ArrayList<>(inLeaf.values());
    }

    @Override
    public synchronized List<KeyState> statesAfter(Optional<UUID> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return (after.isEmpty() ? states : states.tailMap(after.get(), false)).values().stream().limit(limit).toList();
    }

    @Override
    public synchronized Digest leafDigest(int leaf) {
        return leafDigests.getOrDefault(leaf, Digest.ZERO);
    }

    @Override
    public synchronized void forEachLeafDigest(BiConsumer<Integer, Digest> action) {
        new TreeMap<>(leafDigests).forEach(action);
    }

    @Override
    public synchronized long keyCount() {
        return states.size();
    }

    @Override
    public synchronized boolean hasContent(Sha256 hash) {
        return hash.equals(Sha256.EMPTY) || content.containsKey(hash);
    }

    @Override
    public StoredContent putContent(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new ContentTooLargeException(maxBytes);
            }
            out.write(buf, 0, n);
        }
        byte[] bytes = out.toByteArray();
        Sha256 hash = Sha256.of(bytes);
        synchronized (this) {
            content.putIfAbsent(hash, bytes);
            if (!hash.equals(Sha256.EMPTY) && !referrers.containsKey(hash)) {
                unreferencedSince.put(hash, millis.getAsLong());
            }
        }
        return new StoredContent(hash, bytes.length);
    }

    @Override
    public synchronized Optional<Long> contentSize(Sha256 hash) {
        return hash.equals(Sha256.EMPTY) ? Optional.of(0L) : Optional.ofNullable(content.get(hash)).map(b -> (long) b.length);
    }

    @Override
    public synchronized Optional<InputStream> openContent(Sha256 hash, long offset, long length) {
        byte[] bytes = hash.equals(Sha256.EMPTY) ? new byte[0] : content.get(hash);
        if (bytes == null) {
            return Optional.empty();
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0, were " + offset + ", " + length);
        }
        int from = (int) Math.min(offset, bytes.length);
        int len = (int) Math.min(length, bytes.length - from);
        return Optional.of(new ByteArrayInputStream(bytes, from, len));
    }

    @Override
    public synchronized void deleteContent(Sha256 hash) {
        content.remove(hash);
        unreferencedSince.remove(hash);
    }

    @Override
    public synchronized List<UUID> referrers(Sha256 hash, int limit) {
        TreeSet<UUID> keys = referrers.get(hash);
        return keys == null ? List.of() : keys.stream().limit(limit).toList();
    }

    @Override
    public synchronized long collectGarbage(Duration delay) {
        long cutoff = millis.getAsLong() - delay.toMillis();
        long freed = 0;
        for (var it = unreferencedSince.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue() <= cutoff) {
                byte[] bytes = content.remove(e.getKey());
                freed += bytes == null ? 0 : bytes.length;
                it.remove();
            }
        }
        return freed;
    }

    @Override
    public synchronized ContentUsage contentUsage() {
        return new ContentUsage(content.size(), content.values().stream().mapToLong(b -> b.length).sum());
    }

    @Override
    public synchronized Optional<byte[]> meta(String name) {
        return Optional.ofNullable(meta.get(name)).map(byte[]::clone);
    }

    @Override
    public synchronized void putMeta(String name, byte[] value) {
        meta.put(name, value.clone());
    }

    @Override
    public void close() {
        // nothing to release
    }
}
