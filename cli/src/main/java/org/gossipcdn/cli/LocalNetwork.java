package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    static Path defaultDir() {
        return home().resolve(".gcdn").resolve("local");
    }

    static Path stateFile(Path dir) {
        return dir.resolve("network.json");
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

    /** Starts one detached process (own session, stdin from /dev/null, output to its log). */
    static Proc start(String role, int port, Path dataDir, List<String> args) throws IOException {
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
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new Proc(role, port, p.pid(), dataDir, log);
    }
}
