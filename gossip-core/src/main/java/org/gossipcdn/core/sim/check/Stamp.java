package org.gossipcdn.core.sim.check;

import java.util.Locale;
import java.util.Objects;

/**
 * A write's version as the model sees it: its tick, then its writer's id as 32 lowercase hex
 * digits (so string order is the unsigned order of the id). Ordered by tick, then writer
 * (proposal 0001: "Total order: hlc, then nodeId").
 */
public record Stamp(Tick tick, String writer) implements Comparable<Stamp> {

    public Stamp {
        Objects.requireNonNull(tick, "tick");
        writer = writer.toLowerCase(Locale.ROOT);
        if (writer.length() != 32) {
            throw new IllegalArgumentException("a writer id is 32 hex digits, was '" + writer + "'");
        }
    }

    /** Reads {@code wall.counter@writer}, as the blob API prints versions. */
    public static Stamp parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("a version is wall.counter@writer, was '" + text + "'");
        }
        return new Stamp(Tick.parse(text.substring(0, at)), text.substring(at + 1));
    }

    @Override
    public int compareTo(Stamp o) {
        int c = tick.compareTo(o.tick);
        return c != 0 ? c : writer.compareTo(o.writer);
    }

    @Override
    public String toString() {
        return tick + "@" + writer;
    }
}
