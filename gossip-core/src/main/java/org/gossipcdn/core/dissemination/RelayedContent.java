package org.gossipcdn.core.dissemination;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gossipcdn.core.message.InlineContent;
import org.gossipcdn.core.version.Sha256;

/**
 * Small content that came inline with a push, kept in memory for a while so this node can pass it
 * on down the tree even when it does not store it (a node that is not one of the key's holders
 * takes the record alone). Only bytes that hash to their name are kept; the oldest go first once
 * {@code capacityBytes} is reached.
 *
 * <p>Not thread-safe: runs on the node's loop.
 */
final class RelayedContent {

    private final long capacityBytes;
    private final Map<Sha256, byte[]> recent = new LinkedHashMap<>();
    private long bytes;

    RelayedContent(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacityBytes must be >= 0, was " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** Keeps {@code content} if its bytes hash to its name and fit; true if kept (or already here). */
    boolean keep(InlineContent content) {
        if (recent.containsKey(content.hash())) {
            return true;
        }
        byte[] b = content.bytes();
        if (b.length > capacityBytes || !Sha256.of(b).equals(content.hash())) {
            return false;
        }
        recent.put(content.hash(), b);
        bytes += b.length;
        for (Iterator<byte[]> oldest = recent.values().iterator(); bytes > capacityBytes; ) {
            bytes -= oldest.next().length;
            oldest.remove();
        }
        return true;
    }

    /** The bytes named {@code hash}, if kept and exactly {@code size} long. */
    Optional<byte[]> get(Sha256 hash, long size) {
        byte[] b = recent.get(hash);
        return b != null && b.length == size ? Optional.of(b.clone()) : Optional.empty();
    }

    long bytes() {
        return bytes;
    }
}
