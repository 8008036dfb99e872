package org.gossipcdn.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The bytes of the files under the store's directory, measured at most once a second (a walk of a
 * few hundred RocksDB files). Stands in for the store's own disk-usage figure until it has one.
 */
final class StoreDirectorySize implements LongSupplier {

    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final Path dir;
    private long bytes;
    private long measuredAt;
    private boolean measured;

    StoreDirectorySize(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized long getAsLong() {
        long now = System.nanoTime();
        if (!measured || now - measuredAt >= REFRESH_NANOS) {
            bytes = measure();
            measuredAt = now;
            measured = true;
        }
        return bytes;
    }

    private long measure() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(StoreDirectorySize::size).sum();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("measuring the disk use of " + dir, e);
        }
    }

    private static long size(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? a.size() : 0;
        } catch (IOException e) {
            return 0; // deleted by a compaction while walking
        }
    }
}
