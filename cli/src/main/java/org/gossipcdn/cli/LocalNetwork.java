package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A bootstrap and N nodes on loopback, started as detached processes with their data dirs under
 * one folder; {@code network.json} there records each pid, so {@code down} stops exactly those
 * processes (checked by their command line) and nothing else.
 */
final class LocalNetwork {

    /** One process of the network. */
    record Proc(String role, int port, long pid, Path dataDir, Path log) {
        String address() {
            return "127.0.0.1:" + port;
        }
    }

    static Path home() {
        return Path.of(System.getProperty("gcdn.home", ".")).toAbsolutePath().normalize();
    }

    /** .gcdn/local in the project (-Dgcdn.local=DIR moves it, for tests). */
    static Path defaultDir() {
        String dir = System.getProperty("gcdn.local");
        return dir != null ? Path.of(dir).toAbsolutePath() : home().resolve(".gcdn").resolve("local");
    }

    static Path stateFile(Path dir) {
        return dir.resolve("network.json");
    }

    /** The network's cluster key: made by the first {@code up}, mode 0600, kept until {@code down --wipe}. */
    static Path keyFile(Path dir) {
        return dir.resolve("cluster-key");
    }

    /** The network's cluster key, made (random, 256 bits, file mode 0600) if it has none yet. */
    static String clusterKey(Path dir) throws IOException {
        Path f = keyFile(dir);
        if (!Files.exists(f)) {
            Files.createDirectories(dir);
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "\n", StandardCharsets.US_ASCII);
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
        if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw CliException.failed(f + " is readable by others (" + PosixFilePermissions.toString(perms)
                    + "); chmod 600 it first");
        }
        return Files.readString(f, StandardCharsets.US_ASCII).trim();
    }

    /** The running local network's process at {@code address} (host:port, with or without a scheme), if any. */
    static Optional<Proc> at(String address) {
        String bare = address.replaceFirst("^https?://", "");
        return read(defaultDir()).stream().filter(p -> p.address().equals(bare) || ("localhost:" + p.port()).equals(bare))
                .findFirst();
    }

    /** The cluster key of the local network {@code address} belongs to, if it is one of its nodes and the key is there. */
    static Optional<String> clusterKeyOf(String address) {
        Path f = keyFile(defaultDir());
        if (at(address).isEmpty() || !Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(clusterKey(defaultDir()));
        } catch (IOException e) {
            throw CliException.failed("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** The first node of a running local network, else 127.0.0.1:7001. */
    static String defaultNode() {
        return read(defaultDir()).stream().filter(p -> p.role().equals("node")).map(Proc::address).findFirst()
                .orElse("127.0.0.1:7001");
    }

    static List<Proc> read(Path dir) {
        Path f = stateFile(dir);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        try {
            List<Proc> out = new ArrayList<>();
            for (JsonNode n : NodeClient.JSON.readTree(f.toFile()).get("processes")) {
                out.add(new Proc(n.get("role").asText(), n.get("port").asInt(), n.get("pid").asLong(),
                        Path.of(n.get("dataDir").asText()), Path.of(n.get("log").asText())));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw CliException.failed("cannot read " + f + ": " + e.getMessage());
        }
    }

    static void write(Path dir, List<Proc> procs) throws IOException {
        ArrayNode arr = NodeClient.JSON.createArrayNode();
        for (Proc p : procs) {
            ObjectNode o = arr.addObject();
            o.put("role", p.role()).put("port", p.port()).put("pid", p.pid()).put("dataDir", p.dataDir().toString())
                    .put("log", p.log().toString());
        }
        Files.createDirectories(dir);
        NodeClient.JSON.writerWithDefaultPrettyPrinter().writeValue(stateFile(dir).toFile(),
                NodeClient.JSON.createObjectNode().set("processes", arr));
    }

    /** True if {@code p}'s pid is still the process we started (same jar, same port). */
    static boolean isOurs(Proc p) {
        Optional<ProcessHandle> h = ProcessHandle.of(p.pid());
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        String cmd = h.get().info().commandLine().orElse("");
        return cmd.contains(p.role().equals("node") ? "gcdn-node.jar" : "gcdn-bootstrap.jar")
                && cmd.contains("--port " + p.port());
    }

    static void requireFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw CliException.failed("port " + port + " is in use (another network? ./gcdn local down, or --base-port)");
        }
    }

    static Path jar(String module, String name) {
        Path p = home().resolve(module).resolve("target").resolve(name);
        if (!Files.isRegularFile(p)) {
            throw CliException.failed(p + " is missing: run ./gcdn (it builds what is missing) from the project folder");
        }
        return p;
    }

    static String java() {
        return System.getProperty("gcdn.java", ProcessHandle.current().info().command().orElse("java"));
    }

    /**
     * Starts one detached process (own session, stdin from /dev/null, output to its log). The cluster key
     * goes in its environment (GCDN_CLUSTER_KEY), not on its command line, which every local user can read.
     */
    static Proc start(String role, int port, Path dataDir, List<String> args, String clusterKey) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(java());
        cmd.add("-Xmx512m");
        cmd.add("-jar");
        cmd.add(role.equals("node") ? jar("node-app", "gcdn-node.jar").toString()
                : jar("bootstrap-app", "gcdn-bootstrap.jar").toString());
        cmd.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--data-dir", dataDir.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("GCDN_CLUSTER_KEY", clusterKey);
        Process p = pb.redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new Proc(role, port, p.pid(), dataDir, log);
    }
}
