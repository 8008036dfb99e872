package org.gossipcdn.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real node-app process on loopback for integration tests: started from the shaded jar with the
 * same JVM that runs the tests, stopped by its pid (SIGTERM, or SIGKILL for kill -9) and never
 * left running.
 */
public final class NodeProcess implements AutoCloseable {

    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The cluster key every test process gets unless its arguments name one or --insecure-open-cluster. */
    public static final String TEST_CLUSTER_KEY = "the integration tests' cluster key";

    public final int port;
    public final Path dataDir;
    private final Path jar;
    private final List<String> args;
    private final List<String> jvmArgs;
    private final Path log;
    private Process process;
    private HttpClient client = HTTP;
    private String scheme = "http://";

    /** Talk to this node over HTTPS, trusting what {@code trust} trusts (for nodes started with --tls-*). */
    public NodeProcess overTls(javax.net.ssl.SSLContext trust) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(trust).build();
        this.scheme = "https://";
        return this;
    }

    /** A node-app process (the jar from -Dgcdn.node.jar). */
    public NodeProcess(int port, Path dataDir, List<String> jvmArgs, List<String> args) {
        this(jar(), port, dataDir, jvmArgs, args);
    }

    /**
     * A process of any of the project's server jars (node or bootstrap); both take --port, --bind, --data-dir
     * and --cluster-key ({@link #TEST_CLUSTER_KEY} unless {@code args} give a key or --insecure-open-cluster).
     */
    public NodeProcess(Path jar, int port, Path dataDir, List<String> jvmArgs, List<String> args) {
        this.jar = jar;
        this.port = port;
        this.dataDir = dataDir;
        this.jvmArgs = List.copyOf(jvmArgs);
        List<String> all = new ArrayList<>(args);
        if (!args.contains("--cluster-key") && !args.contains("--insecure-open-cluster")) {
            all.addAll(List.of("--cluster-key", TEST_CLUSTER_KEY));
        }
        this.args = List.copyOf(all);
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public static Path jar() {
        return Path.of(System.getProperty("gcdn.node.jar", "target/gcdn-node.jar"));
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public NodeProcess start() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--data-dir", dataDir.toString()));
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Awaitility.await("node on port " + port + " healthy (log: " + log + ")").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(this::healthy);
        return this;
    }

    public boolean healthy() {
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException("node on port " + port + " exited with " + process.exitValue() + "; see " + log);
        }
        try {
            return get("/v1/health").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public HttpResponse<byte[]> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A write, retried while the node answers 503 with Retry-After (starting, re-syncing, clock check). */
    public HttpResponse<byte[]> sendWrite(HttpRequest.Builder request) throws IOException {
        HttpResponse<byte[]> r = send(request);
        for (int i = 0; i < 10 && r.statusCode() == 503 && r.headers().firstValue("retry-after").isPresent(); i++) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            r = send(request);
        }
        return r;
    }

    public URI uri(String path) {
        return URI.create(scheme + address() + path);
    }

    /** kill -9 of this process (SIGKILL by pid). */
    public void kill9() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM and wait for the graceful shutdown. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            kill9();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
