package org.gossipcdn.core.sim.check;

/**
 * A hybrid-logical-clock reading as the model sees it: wall milliseconds, then a counter. Ordered
 * by wall time, then counter (proposal 0001: "48-bit wall ms + 16-bit counter").
 */
public record Tick(long wall, int counter) implements Comparable<Tick> {

    public Tick {
        if (wall < 0 || counter < 0) {
            throw new IllegalArgumentException("a tick needs wall >= 0 and counter >= 0, was " + wall + "." + counter);
        }
    }

    /** Reads {@code wall.counter}. */
    public static Tick parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("a tick is wall.counter, was '" + text + "'");
        }
        return new Tick(Long.parseLong(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    }

    @Override
    public int compareTo(Tick o) {
        return wall != o.wall ? Long.compare(wall, o.wall) : Integer.compare(counter, o.counter);
    }

    @Override
    public String toString() {
        return wall + "." + counter;
    }
}
