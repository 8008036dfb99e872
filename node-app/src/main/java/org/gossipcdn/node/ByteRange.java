package org.gossipcdn.node;

import java.util.Optional;

/**
 * One satisfiable byte range of an HTTP {@code Range} header (RFC 9110 §14), resolved against the
 * representation's size. Multi-range requests are served whole (200), as the RFC allows.
 */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    /** The outcome of reading a Range header. */
    sealed interface Parsed {
        /** No usable Range header: serve the whole body (200). */
        record Whole() implements Parsed {}

        /** Serve this part (206). */
        record Part(ByteRange range) implements Parsed {}

        /** A well-formed range that lies outside the body: 416. */
        record Unsatisfiable() implements Parsed {}
    }

    static Parsed parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return new Parsed.Whole();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Parsed.Whole();
        }
        Optional<Long> a = number(spec.substring(0, dash));
        Optional<Long> b = number(spec.substring(dash + 1));
        if (dash == 0) { // suffix: the last N bytes
            if (b.isEmpty()) {
                return new Parsed.Whole();
            }
            if (b.get() == 0 || size == 0) {
                return new Parsed.Unsatisfiable();
            }
            return new Parsed.Part(new ByteRange(Math.max(0, size - b.get()), size - 1));
        }
        if (a.isEmpty() || (dash < spec.length() - 1 && b.isEmpty())) {
            return new Parsed.Whole();
        }
        long first = a.get();
        if (b.isPresent() && b.get() < first) {
            return new Parsed.Whole(); // invalid: ignored per RFC 9110
        }
        if (first >= size) {
            return new Parsed.Unsatisfiable();
        }
        long last = b.map(v -> Math.min(v, size - 1)).orElse(size - 1);
        return new Parsed.Part(new ByteRange(first, last));
    }

    private static Optional<Long> number(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(t));
    }
}
