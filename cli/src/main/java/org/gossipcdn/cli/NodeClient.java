package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The public HTTP API of one node, as the CLI uses it. Errors become one-line {@link CliException}s. */
final class NodeClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** host:port, without the scheme. */
    final String node;
    private final String scheme;
    private final HttpClient http;

    /** {@code node} is host:port (plain HTTP) or https://host:port (TLS, trusting the JDK's CAs). */
    NodeClient(String node) {
        this(node, Optional.empty());
    }

    /** With {@code ca}, an https:// node's certificate must chain to the CA certificates in that PEM file. */
    NodeClient(String node, Optional<Path> ca) {
        boolean tls = node.startsWith("https://") || ca.isPresent();
        this.node = node.replaceFirst("^https?://", "");
        this.scheme = tls ? "https://" : "http://";
        this.http = ca.isPresent() ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).sslContext(trusting(ca.get())).build()
                : HTTP;
    }

    private static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw CliException.failed("cannot read CA certificates from " + caPem + ": " + e.getMessage());
        }
    }

    URI uri(String path) {
        try {
            return URI.create(scheme + node + path);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("'" + node + "' is not a host:port");
        }
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (ConnectException e) {
            throw CliException.failed("cannot reach a node at " + node + " (is it running? try --node or ./gcdn local up)");
        } catch (IOException e) {
            throw CliException.failed("talking to " + node + " failed: " + Terminal.safe(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }

    /**
     * Sends a write, retrying up to 5 times while the node answers 503 with Retry-After (it is
     * starting, re-syncing, or checking its clock); the request body must be replayable.
     */
    <T> HttpResponse<T> sendWrite(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        HttpResponse<T> r = send(request, body);
        for (int attempt = 1; attempt < 5 && r.statusCode() == 503 && r.headers().firstValue("retry-after").isPresent(); attempt++) {
            try {
                Thread.sleep(1000L * Math.max(1, Math.min(5, Long.parseLong(r.headers().firstValue("retry-after").get()))));
            } catch (InterruptedException | NumberFormatException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            r = send(request, body);
        }
        return r;
    }

    /**
     * The failure for a 404 on blob {@code key}: "no blob" from a data node, but from a bootstrap
     * registry (which holds no blobs) a hint to ask a data node instead.
     */
    CliException noBlob(String key) {
        try {
            if (getJson("/v1/health").path("role").asText().equals("bootstrap")) {
                return CliException.failed(node + " is a bootstrap registry, not a data node: it holds no blobs. "
                        + "Ask a data node (gcdn members --node " + node + " lists them)");
            }
        } catch (CliException e) {
            // it answered the blob request; what it says about itself does not change the answer
        }
        return CliException.failed("no blob " + key + " at " + node);
    }

    JsonNode getJson(String path) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        ensureOk(r, path);
        return readJson(r.body());
    }

    static JsonNode readJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw CliException.failed("the node sent JSON that could not be read: " + e.getMessage());
        }
    }

    /** Throws a one-line failure for a non-2xx answer, using the problem detail when there is one. */
    static void ensureOk(HttpResponse<?> r, String what) {
        int code = r.statusCode();
        if (code / 100 == 2 || code == 304) {
            return;
        }
        String detail = "";
        Object body = r.body();
        byte[] bytes = body instanceof byte[] b ? b : body instanceof String s ? s.getBytes() : null;
        if (body instanceof InputStream in) {
            try (in) {
                bytes = in.readNBytes(4096);
            } catch (IOException ignored) {
                bytes = null;
            }
        }
        if (bytes != null && bytes.length > 0) {
            try {
                JsonNode p = JSON.readTree(bytes);
                detail = p.path("detail").asText("");
            } catch (IOException ignored) {
                detail = "";
            }
        }
        throw CliException.failed(what + ": HTTP " + code + (detail.isEmpty() ? "" : " — " + Terminal.safe(detail)));
    }
}
