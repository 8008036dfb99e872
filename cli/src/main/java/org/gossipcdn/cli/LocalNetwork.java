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

        /** "bootstrap", or "node N" with N the number {@code local start|stop|restart} take (from its data dir node-N). */
        String name() {
            return role.equals("node") ? "node " + number() : role;
        }

        int number() {
            String d = dataDir.getFileName().toString();
            return d.matches("node-\\d{1,3}") ? Integer.parseInt(d.substring(5)) : 0;
        }

        Proc withPid(long newPid) {
            return new Proc(role, port, newPid, dataDir, log);
        }
    }

    static Path home() {
        return Path.of(System.getProperty("gcdn.home", ".")).toAbsolutePath().normalize();
    }

    /** The environment variable that names the local network's folder for every command. */
    static final String DIR_ENV = "GCDN_LOCAL_DIR";

    /** $GCDN_LOCAL_DIR, else .gcdn/local in the project (-Dgcdn.local=DIR overrides both, for tests). */
    static Path defaultDir() {
        String dir = System.getProperty("gcdn.local");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(DIR_ENV);
        }
        return dir != null && !dir.isBlank() ? Path.of(dir).toAbsolutePath() : home().resolve(".gcdn").resolve("local");
    }

    /** The processes serving {@code p}'s data dir now: its recorded pid if still ours, and its pid file's if alive and serving it. */
    static Set<Long> pids(Proc p) {
        Set<Long> out = new java.util.LinkedHashSet<>();
        if (p.pid() > 0 && isOurs(p)) {
            out.add(p.pid());
        }
        pidFile(p.dataDir()).ifPresent(out::add);
        return out;
    }

    /**
     * The pid in {@code dataDir/gcdn.pid} (written by a node or bootstrap however it was started) if
     * that process is alive, started before the file was written (not a reused pid) and names the
     * data dir on its command line.
     */
    static Optional<Long> pidFile(Path dataDir) {
        Path f = dataDir.resolve("gcdn.pid");
        try {
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim());
            java.time.Instant written = Files.getLastModifiedTime(f).toInstant();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> {
                ProcessHandle.Info info = h.info();
                return info.startInstant().map(t -> !t.isAfter(written.plusSeconds(1))).orElse(true)
                        && info.commandLine().map(c -> c.contains(dataDir.getFileName().toString())).orElse(false);
            }).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops every process serving {@code p}'s data dir (SIGTERM, then SIGKILL after 20 s); returns their pids. */
    static Set<Long> stop(Proc p) {
        Set<Long> pids = pids(p);
        List<ProcessHandle> stopping = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                stopping.add(h);
            });
        }
        for (ProcessHandle h : stopping) {
            try {
                h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.destroyForcibly();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            }
        }
        return pids;
    }

    /** Node {@code number} of the network in {@code dir}, as {@code local up} printed it. */
    static Proc node(Path dir, int number) {
        List<Proc> procs = read(dir);
        if (procs.isEmpty()) {
            throw CliException.failed("no local network recorded in " + dir + " (./gcdn local up, or --dir / $" + DIR_ENV + ")");
        }
        return procs.stream().filter(p -> p.role().equals("node") && p.number() == number).findFirst()
                .orElseThrow(() -> CliException.usage("the network in " + dir + " has no node " + number + "; it has "
                        + procs.stream().filter(p -> p.role().equals("node")).map(p -> String.valueOf(p.number())).toList()));
    }

    /** Records {@code updated} in place of the process with the same data dir. */
    static void replace(Path dir, Proc updated) throws IOException {
        List<Proc> procs = new ArrayList<>(read(dir));
        procs.replaceAll(p -> p.dataDir().equals(updated.dataDir()) ? updated : p);
        write(dir, procs);
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
        return at(defaultDir(), address);
    }

    static Optional<Proc> at(Path dir, String address) {
        String bare = address.replaceFirst("^https?://", "");
        return read(dir).stream().filter(p -> p.address().equals(bare) || ("localhost:" + p.port()).equals(bare))
                .findFirst();
    }

    /** The cluster key of the local network {@code address} belongs to, if it is one of its nodes and the key is there. */
    static Optional<String> clusterKeyOf(String address) {
        return clusterKeyOf(defaultDir(), address);
    }

    static Optional<String> clusterKeyOf(Path dir, String address) {
        Path f = keyFile(dir);
        if (at(dir, address).isEmpty() || !Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(clusterKey(dir));
        } catch (IOException e) {
            throw CliException.failed("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** The first node of a running local network, else 127.0.0.1:7001. */
    static String defaultNode() {
        return defaultNode(defaultDir());
    }

    static String defaultNode(Path dir) {
        return read(dir).stream().filter(p -> p.role().equals("node")).map(Proc::address).findFirst()
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
