package org.gossipcdn.core.time;

/**
 * A hybrid logical clock timestamp: 48 bits of wall-clock milliseconds and a 16-bit counter
 * that orders events within one millisecond. Totally ordered by (wallMillis, counter); packs
 * into one {@code long} whose <em>unsigned</em> order is the same (a wall value of 2^47 or more
 * sets the sign bit, so a signed comparison of packed values would sort it below everything).
 *
 * @param wallMillis 0 .. 2^48-1 milliseconds since the epoch
 * @param counter 0 .. 65535
 */
public record Hlc(long wallMillis, int counter) implements Comparable<Hlc> {

    public static final long MAX_WALL = (1L << 48) - 1;
    public static final int MAX_COUNTER = 0xFFFF;
    public static final Hlc ZERO = new Hlc(0, 0);

    public Hlc {
        if (wallMillis < 0 || wallMillis > MAX_WALL) {
            throw new IllegalArgumentException("hlc wallMillis must be in 0..2^48-1, was " + wallMillis);
        }
        if (counter < 0 || counter > MAX_COUNTER) {
            throw new IllegalArgumentException("hlc counter must be in 0..65535, was " + counter);
        }
    }

    public static Hlc unpack(long packed) {
        return new Hlc(packed >>> 16, (int) (packed & MAX_COUNTER));
    }

    public long packed() {
        return (wallMillis << 16) | counter;
    }

    public static Hlc max(Hlc a, Hlc b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(Hlc other) {
        return Long.compareUnsigned(packed(), other.packed());
    }

    @Override
    public String toString() {
        return wallMillis + "." + counter;
    }

    /** Parses {@link #toString()}'s {@code wall.counter}. */
    public static Hlc parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("hlc must be wallMillis.counter, was '" + text + "'");
        }
        return new Hlc(Long.parseLong(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    }
}
