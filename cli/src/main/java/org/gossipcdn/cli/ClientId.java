package org.gossipcdn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.gossipcdn.core.identity.NodeId;

/**
 * This client's identity as a writer of owner-signed records. Two clients of one owner key (two
 * machines, two users) must write under different writer ids: a causal context names what a writer
 * had seen per writer id, so a shared id would let one client's later write knock out the other's
 * concurrent one (proposal 0010). The id is derived from the owner key and a random client id kept
 * in {@code $GCDN_CLIENT_ID}, else in {@code $XDG_CONFIG_HOME/gcdn/client-id} (by default
 * {@code ~/.config/gcdn/client-id}, made 0600 at first use).
 */
final class ClientId {

    private ClientId() {
    }

    /** The writer id of this client's signed writes with {@code ownerPublicKey}. */
    static NodeId writerId(byte[] ownerPublicKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("gcdn-writer-v1".getBytes(StandardCharsets.US_ASCII));
            md.update(ownerPublicKey);
            md.update(clientId().getBytes(StandardCharsets.US_ASCII));
            ByteBuffer h = ByteBuffer.wrap(md.digest());
            return new NodeId(h.getLong(), h.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String clientId() {
        String env = System.getenv("GCDN_CLIENT_ID");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path dir = xdg != null && !xdg.isBlank() ? Path.of(xdg, "gcdn") : Path.of(System.getProperty("user.home"), ".config", "gcdn");
        Path file = dir.resolve("client-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dir);
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String id = HexFormat.of().formatHex(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, id + "\n");
                return id;
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file).trim();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the client id " + file + ": " + e.getMessage()
                    + " (set GCDN_CLIENT_ID to any random text to choose one)", e);
        }
    }
}
