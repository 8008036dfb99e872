package org.gossipcdn.core.version;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;

/**
 * What a writer had seen of one key when it wrote: for each node that wrote the key, the
 * greatest HLC of its writes that reached the writer. A record whose context covers another
 * record's version replaced that record knowingly (an overwrite, not a conflict).
 *
 * <p>Immutable; iteration is in NodeId order so encodings are deterministic.
 */
public final class CausalContext {

    public static final CausalContext EMPTY = new CausalContext(new TreeMap<>());
    /**
     * The most entries a context may have: one per node that ever wrote the key. Far more writers
     * than any real key has; it bounds what a record from the network can make a node hold.
     */
    public static final int MAX_ENTRIES = 1024;

    private final SortedMap<NodeId, Hlc> seen;

    private CausalContext(SortedMap<NodeId, Hlc> seen) {
        this.seen = Collections.unmodifiableSortedMap(seen);
    }

    public static CausalContext of(Map<NodeId, Hlc> seen) {
        Objects.requireNonNull(seen, "seen");
        if (seen.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a causal context has at most " + MAX_ENTRIES + " entries, was " + seen.size());
        }
        return seen.isEmpty() ? EMPTY : new CausalContext(new TreeMap<>(seen));
    }

    /** True if this context has seen {@code version}: an entry for its node at or after its hlc. */
    public boolean covers(Version version) {
        Hlc h = seen.get(version.node());
        return h != null && h.compareTo(version.hlc()) >= 0;
    }

    /** The pointwise maximum of this context and {@code version}'s dot. */
    public CausalContext with(Version version) {
        if (covers(version)) {
            return this;
        }
        TreeMap<NodeId, Hlc> next = new TreeMap<>(seen);
        next.put(version.node(), version.hlc());
        return of(next);
    }

    /** The pointwise maximum of two contexts. */
    public CausalContext join(CausalContext other) {
        if (other.seen.isEmpty()) return this;
        if (seen.isEmpty()) return other;
        TreeMap<NodeId, Hlc> next = new TreeMap<>(seen);
        other.seen.forEach((node, hlc) -> next.merge(node, hlc, Hlc::max));
        return of(next);
    }

    public SortedMap<NodeId, Hlc> entries() {
        return seen;
    }

    /** The entries as versions, {@code hlc@node} joined by commas, in node order; "" when empty. */
    public String encode() {
        StringBuilder b = new StringBuilder();
        seen.forEach((node, hlc) -> {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(new Version(hlc, node));
        });
        return b.toString();
    }

    /** Reads {@link #encode()}'s form; each node may appear once. */
    public static CausalContext parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return EMPTY;
        }
        String[] parts = trimmed.split(",", -1);
        if (parts.length > MAX_ENTRIES) {
            throw new IllegalArgumentException("a causal context has at most " + MAX_ENTRIES + " entries, was " + parts.length);
        }
        TreeMap<NodeId, Hlc> entries = new TreeMap<>();
        for (String part : parts) {
            Version v = Version.parse(part.trim());
            if (entries.put(v.node(), v.hlc()) != null) {
                throw new IllegalArgumentException("node " + v.node() + " appears twice in causal context '" + text + "'");
            }
        }
        return of(entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CausalContext other && seen.equals(other.seen);
    }

    @Override
    public int hashCode() {
        return seen.hashCode();
    }

    @Override
    public String toString() {
        return seen.toString();
    }
}
