package org.gossipcdn.node;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a node's TLS material is: its certificate chain and key as PEM files, or both in one
 * PKCS#12 keystore; and optionally the CA certificates (PEM) its peers must chain to.
 */
public record TlsFiles(Optional<Path> certPem, Optional<Path> keyPem, Optional<Path> keystore, String keystorePassword,
                       Optional<Path> caPem) {

    /** Empty when neither a certificate nor a keystore is given (plain HTTP); refuses half-given material. */
    static Optional<TlsFiles> of(Path cert, Path key, Path keystore, String password, Path ca) {
        if (cert == null && key == null && keystore == null) {
            if (ca != null) {
                throw new IllegalArgumentException("--tls-ca needs --tls-cert/--tls-key or --tls-keystore: "
                        + "a node that checks its peers' certificates must present one itself");
            }
            return Optional.empty();
        }
        if (keystore != null && (cert != null || key != null)) {
            throw new IllegalArgumentException("give either --tls-keystore or --tls-cert with --tls-key, not both");
        }
        if (keystore == null && (cert == null || key == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return Optional.of(new TlsFiles(Optional.ofNullable(cert), Optional.ofNullable(key), Optional.ofNullable(keystore),
                password == null ? "" : password, Optional.ofNullable(ca)));
    }

    String describe() {
        return keystore.map(k -> "keystore " + k).orElseGet(() -> "cert " + certPem.orElseThrow() + " key " + keyPem.orElseThrow())
                + caPem.map(c -> " ca " + c).orElse(" ca (JDK default)");
    }
}
