package org.gossipcdn.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DATA_DIR/gcdn.pid}: the pid of the process serving a data dir, written once it serves and
 * removed when it stops, so tools ({@code gcdn local down}) find a node however it was started.
 * RocksDB's lock already keeps two processes off one data dir, so there is one writer.
 */
public final class PidFile {

    public static final String NAME = "gcdn.pid";
    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

    private PidFile() {
    }

    /** Writes this process's pid into {@code dataDir}; a failure is logged, since the node serves anyway. */
    public static void write(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve(NAME), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}; gcdn local down will not find this process by it", dataDir.resolve(NAME), e.toString());
        }
    }

    /** Removes the pid file if it still names this process. */
    public static void remove(Path dataDir) {
        Path f = dataDir.resolve(NAME);
        try {
            if (Files.isRegularFile(f) && Files.readString(f, StandardCharsets.US_ASCII).trim()
                    .equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(f);
            }
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", f, e.toString());
        }
    }
}
