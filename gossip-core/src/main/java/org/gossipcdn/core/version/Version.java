package org.gossipcdn.core.version;

import java.util.Comparator;
import java.util.Objects;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;

/**
 * Who wrote a record and when: (HLC, writer node). Totally ordered by hlc, then node id; a
 * node never issues one HLC twice, so two distinct writes never share a Version.
 * See proposals/0001-versions-and-conflicts.md.
 */
public record Version(Hlc hlc, NodeId node) implements Comparable<Version> {

    private static final Comparator<Version> ORDER =
            Comparator.comparing(Version::hlc).thenComparing(Version::node);

    public Version {
        Objects.requireNonNull(hlc, "hlc");
        Objects.requireNonNull(node, "node");
    }

    @Override
    public int compareTo(Version other) {
        return ORDER.compare(this, other);
    }

    /** {@code hlc@node}, as the API shows it and {@link #parse} reads it. */
    @Override
    public String toString() {
        return hlc + "@" + node;
    }

    public static Version parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("version must be hlc@node, was '" + text + "'");
        }
        return new Version(Hlc.parse(text.substring(0, at)), NodeId.parse(text.substring(at + 1)));
    }
}
