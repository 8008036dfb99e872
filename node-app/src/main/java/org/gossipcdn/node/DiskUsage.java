package org.gossipcdn.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Bytes on disk under a node's data dir, by kind of RocksDB file: {@code tables} (*.sst: records,
 * digest, index and small content), {@code blobs} (*.blob: content chunks), {@code wal} (*.log:
 * the write-ahead log), {@code logs} (LOG, LOG.old.*: RocksDB's info log), {@code manifest}
 * (MANIFEST-*, OPTIONS-*) and {@code other}. Walking the dir costs a few hundred stat calls, so a
 * result is reused for {@link #MAX_AGE_MILLIS}.
 */
final class DiskUsage {

    static final long MAX_AGE_MILLIS = 5_000;

    private final Path dir;
    private final LongSupplier monotonicMillis;
    private Map<String, Long> last;
    private long lastAt;

    DiskUsage(Path dir, LongSupplier monotonicMillis) {
        this.dir = dir;
        this.monotonicMillis = monotonicMillis;
    }

    /** Bytes by kind, then {@code total}; at most {@link #MAX_AGE_MILLIS} old. */
    synchronized Map<String, Long> byKind() {
        long now = monotonicMillis.getAsLong();
        if (last == null || now - lastAt > MAX_AGE_MILLIS) {
            last = measure(dir);
            lastAt = now;
        }
        return last;
    }

    static String kind(String fileName) {
        if (fileName.endsWith(".sst")) {
            return "tables";
        } else if (fileName.endsWith(".blob")) {
            return "blobs";
        } else if (fileName.endsWith(".log")) {
            return "wal";
        } else if (fileName.equals("LOG") || fileName.startsWith("LOG.old")) {
            return "logs";
        } else if (fileName.startsWith("MANIFEST-") || fileName.startsWith("OPTIONS-")) {
            return "manifest";
        }
        return "other";
    }

    static Map<String, Long> measure(Path dir) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : new String[] {"tables", "blobs", "wal", "logs", "manifest", "other"}) {
            out.put(k, 0L);
        }
        long total = 0;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(f, BasicFileAttributes.class);
                    } catch (IOException gone) { // RocksDB deletes files while we walk
                        continue;
                    }
                    if (a.isRegularFile()) {
                        out.merge(kind(f.getFileName().toString()), a.size(), Long::sum);
                        total += a.size();
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // a file vanished under the walk: report what was counted
            }
        }
        out.put("total", total);
        return out;
    }
}
