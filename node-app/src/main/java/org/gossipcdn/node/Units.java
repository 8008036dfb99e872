package org.gossipcdn.node;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the sizes and durations operators type: {@code 1GiB}, {@code 512MiB}, {@code 500ms}, {@code 7d}. */
public final class Units {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");
    private static final Pattern TIME = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Units() {
    }

    /** Bytes; k/m/g/t and their KiB/MiB/GiB/TiB forms are powers of 1024, KB/MB/GB/TB powers of 1000. */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; use e.g. 1048576, 512MiB, 1GiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long scale = switch (unit) {
            case "b" -> 1;
            case "k", "kib" -> 1L << 10;
            case "kb" -> 1000L;
            case "m", "mib" -> 1L << 20;
            case "mb" -> 1000L * 1000;
            case "g", "gib" -> 1L << 30;
            case "gb" -> 1000L * 1000 * 1000;
            case "t", "tib" -> 1L << 40;
            default -> 1000L * 1000 * 1000 * 1000;
        };
        return Math.multiplyExact(n, scale);
    }

    public static Duration duration(String text) {
        Matcher m = TIME.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 500ms, 1s, 2m, 1h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
