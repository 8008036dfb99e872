package org.gossipcdn.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-time token that a node started without a cluster key requires to install its first key
 * ({@code POST /v1/cluster/keyring}), kept in {@code DATA_DIR/keyring-token} (mode 0600). Only
 * whoever can read the node's data dir can present it, so neither a host on the network nor a web
 * page in a browser on the node's machine can install a key and cut the node off. A new token is
 * made at every start without a key; the file is deleted once the first key is installed.
 */
final class KeyringToken {

    static final String FILE = "keyring-token";

    private final Path file;
    private final byte[] token;
    private final AtomicBoolean used = new AtomicBoolean();

    private KeyringToken(Path file, byte[] token) {
        this.file = file;
        this.token = token;
    }

    /** A fresh random token, written to {@code file} readable by its owner only (replacing an older one). */
    static KeyringToken create(Path file) {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String text = HexFormat.of().formatHex(raw);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keyring token " + file, e);
        }
        return new KeyringToken(file, text.getBytes(StandardCharsets.US_ASCII));
    }

    Path file() {
        return file;
    }

    /** True if {@code presented} is the token and it was not used yet (compared in constant time). */
    boolean matches(String presented) {
        return presented != null && !used.get()
                && MessageDigest.isEqual(token, presented.trim().getBytes(StandardCharsets.US_ASCII));
    }

    /** The first key is installed: the token is spent and its file deleted. */
    void spend() {
        used.set(true);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the spent keyring token " + file, e);
        }
    }
}
