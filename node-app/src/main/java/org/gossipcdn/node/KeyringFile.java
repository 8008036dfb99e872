package org.gossipcdn.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gossipcdn.transport.http.Keyring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's cluster keyring, kept in {@code DATA_DIR/keyring} (mode 0600, one key per line, the
 * primary first) so keys installed at run time survive a restart. The file wins over
 * {@code --cluster-key}, which is added as a verifying key when the file lacks it.
 */
final class KeyringFile {

    private static final Logger LOG = LoggerFactory.getLogger(KeyringFile.class);

    private KeyringFile() {
    }

    static Keyring load(Path file, Optional<String> clusterKey) {
        List<String> secrets = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        secrets.add(line);
                    }
                }
                LOG.info("cluster keyring from {}: {} keys", file, secrets.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keyring " + file, e);
        }
        boolean fromFile = !secrets.isEmpty();
        clusterKey.filter(k -> !secrets.contains(k)).ifPresent(k -> {
            if (fromFile) {
                LOG.warn("--cluster-key {} is not in the keyring file {}; it verifies but does not sign (gcdn keyring use to change)",
                        Keyring.fingerprint(k), file);
            }
            secrets.add(k);
        });
        Keyring ring = new Keyring(secrets, s -> save(file, s));
        if (!fromFile && !secrets.isEmpty()) {
            save(file, secrets);
        }
        return ring;
    }

    private static void save(Path file, List<String> secrets) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, secrets, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keyring " + file, e);
        }
    }
}
