package org.gossipcdn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import org.gossipcdn.core.version.OwnerSignature;

/**
 * An owner's Ed25519 key pair in one PEM file: the private key (PKCS#8, {@code PRIVATE KEY}) and
 * the public key (X.509, {@code PUBLIC KEY}), both readable by openssl. Written with owner-only
 * permissions (0600); reading a file others can read is refused.
 */
record OwnerKey(PrivateKey privateKey, byte[] publicKey) {

    static OwnerKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new OwnerKey(pair.getPrivate(), pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
        }
    }

    String fingerprint() {
        return OwnerSignature.ownerId(publicKey).toString();
    }

    /** Creates {@code file} with mode 0600 and writes both keys; never overwrites unless {@code force}. */
    void write(Path file, boolean force) throws IOException {
        String pem = pem("PRIVATE KEY", privateKey.getEncoded()) + pem("PUBLIC KEY", publicKey);
        if (force) {
            Files.deleteIfExists(file);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw CliException.failed(file + " exists; not overwriting a key (use --force to replace it)");
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    static OwnerKey read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw CliException.failed("no key file " + file + " (make one with: gcdn keygen -o " + file + ")");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw CliException.failed(file + " is readable by others (" + PosixFilePermissions.toString(perms)
                        + "); chmod 600 it first");
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            KeyFactory ed = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = ed.generatePrivate(new PKCS8EncodedKeySpec(block(text, "PRIVATE KEY", file)));
            byte[] pub = ed.generatePublic(new X509EncodedKeySpec(block(text, "PUBLIC KEY", file))).getEncoded();
            return new OwnerKey(priv, pub);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw CliException.failed(file + " is not a gcdn owner key (Ed25519 PEM from gcdn keygen): " + e.getMessage());
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] block(String text, String label, Path file) {
        String begin = "-----BEGIN " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END " + label + "-----");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + label + " block in " + file);
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
