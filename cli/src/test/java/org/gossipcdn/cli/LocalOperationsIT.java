package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating a local network (issue 15): {@code gcdn status} names a killed node and exits 1 until
 * the network has converged again; {@code local restart NODE} brings one node back; {@code local
 * down} stops every process of the network, also a node started by hand that the network's record
 * does not name.
 */
class LocalOperationsIT {

    @TempDir
    Path dir;

    private final Set<Long> seenPids = new HashSet<>();

    @AfterEach
    void down() {
        Gcdn.commandLine().execute("local", "down", "--dir", dir.toString());
        seenPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)); // only if the test failed
    }

    /** Exit code, then stdout and stderr. */
    private record Run(int code, String out) {}

    private static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var cl = Gcdn.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8) + err);
        } finally {
            System.setOut(old);
        }
    }

    private static int freeBasePort(int count) throws IOException {
        Random r = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + r.nextInt(30_000);
            boolean free = true;
            for (int i = 0; i <= count && free; i++) {
                try (ServerSocket s = new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free range of " + (count + 1) + " ports");
    }

    private Set<Long> networkPids() {
        Set<Long> pids = new HashSet<>();
        for (LocalNetwork.Proc p : LocalNetwork.read(dir)) {
            pids.addAll(LocalNetwork.pids(p));
        }
        seenPids.addAll(pids);
        return pids;
    }

    @Test
    void statusNamesAKilledNodeAndRestartAndDownLeaveNoProcess() throws Exception {
        int base = freeBasePort(3);
        assertThat(LocalCommand.up(dir, 3, base, 3)).as("local up converges").isTrue();
        String d = dir.toString();
        // exit 0 only while no member is suspect: on a loaded machine one can be, for a moment
        await("status of a converged network exits 0").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> run("status", "--dir", d).code() == 0);

        LocalNetwork.Proc third = LocalNetwork.node(dir, 3);
        networkPids();
        ProcessHandle.of(third.pid()).orElseThrow().destroyForcibly(); // kill -9
        Run status = await("status names the dead node").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> run("status", "--dir", d), r -> r.out().contains(third.address() + " is dead"));
        assertThat(status.code()).isEqualTo(1);
        assertThat(status.out().lines().filter(l -> l.startsWith("NOT converged:")).toList()).hasSize(1);
        assertThat(status.out()).containsPattern("127\\.0\\.0\\.1:" + third.port() + " +[0-9a-f]{8,} +data +dead");

        Run restart = run("local", "restart", "3", "--dir", d);
        assertThat(restart.code()).as("local restart 3:%n%s", restart.out()).isZero();
        assertThat(LocalNetwork.node(dir, 3).pid()).isNotEqualTo(third.pid());
        await("status converged again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> run("status", "--dir", d).code() == 0);

        // node 2 stopped, then started by hand outside the network's record: down still finds it by its pid file
        assertThat(run("local", "stop", "2", "--dir", d).code()).isZero();
        LocalNetwork.Proc second = LocalNetwork.node(dir, 2);
        assertThat(LocalNetwork.pids(second)).isEmpty();
        LocalNetwork.Proc byHand = LocalNetwork.start("node", second.port(), second.dataDir(),
                List.of("--bootstrap", "127.0.0.1:" + base, "--advertise", second.address()), LocalNetwork.clusterKey(dir));
        seenPids.add(byHand.pid());
        await("the hand-started node writes its pid file").atMost(Duration.ofSeconds(60))
                .until(() -> LocalNetwork.pidFile(second.dataDir()).isPresent());
        Set<Long> before = networkPids();
        assertThat(before).contains(byHand.pid()).hasSize(4);

        Run down = run("local", "down", "--dir", d);
        assertThat(down.code()).isZero();
        List<Long> alive = new ArrayList<>();
        for (long pid : before) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> alive.add(pid));
        }
        assertThat(alive).as("processes left after local down:%n%s", down.out()).isEmpty();
    }

    @Test
    void misleadingInputGetsAnErrorThatNamesTheProblem() {
        Run malformed = run("status", "--node", "nonsense");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.out()).contains("'nonsense' is not HOST:PORT").doesNotContain("cannot reach");
        Run noFolder = run("get", "123e4567-e89b-42d3-a456-426614174000", "-o", "/no/such/dir/x", "--node", "127.0.0.1:9");
        assertThat(noFolder.code()).isEqualTo(1);
        assertThat(noFolder.out()).contains("cannot write /no/such/dir/x: the folder /no/such/dir does not exist");
    }
}
