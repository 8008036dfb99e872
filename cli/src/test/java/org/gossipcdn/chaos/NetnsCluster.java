package org.gossipcdn.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shared {@code netns-cluster} tool, used as it is: hosts gcdn-h1..hK at 10.77.0.i inside
 * network namespaces. Every call is bounded; {@link #down()} removes everything it made.
 */
public final class NetnsCluster {

    private final Path script;

    public NetnsCluster(Path script) {
        this.script = script;
    }

    /** The tool beside the checkout ({@code ../shared/tools/netns-cluster}), or {@code $GCDN_NETNS}. */
    public static Path locate(Path projectHome) {
        String env = System.getenv("GCDN_NETNS");
        return env != null ? Path.of(env) : projectHome.resolve("../shared/tools/netns-cluster").normalize();
    }

    /** True if this process can use the tool: root, the script present, its tools installed. */
    public static boolean usable(Path script) {
        if (!Files.isExecutable(script) || !"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(script.toString(), "check").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static String ip(int host) {
        return "10.77.0." + host;
    }

    void run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("netns-cluster " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("netns-cluster " + String.join(" ", args) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Starts {@code cmd} inside host {@code host}, output to {@code log}; it runs until killed or 15 minutes pass. */
    public Process start(int host, List<String> cmd, Path log) throws IOException {
        List<String> all = new ArrayList<>(List.of(script.toString(), "exec", String.valueOf(host)));
        all.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(all).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("GCDN_EXEC_TIMEOUT", "900");
        return pb.start();
    }

    public void up(int hosts) {
        run("up", String.valueOf(hosts));
    }

    public void down() {
        run("down");
    }

    void kill(int host) {
        run("kill", String.valueOf(host), "KILL");
    }

    void partition(String groups) {
        run("partition", groups);
    }

    void delay(int host, int ms, int jitter) {
        run("delay", String.valueOf(host), String.valueOf(ms), String.valueOf(jitter));
    }

    void loss(int host, int percent) {
        run("loss", String.valueOf(host), String.valueOf(percent));
    }

    /** Removes partitions, delays and losses, and resumes paused processes. */
    void clear() {
        run("clear");
    }
}
