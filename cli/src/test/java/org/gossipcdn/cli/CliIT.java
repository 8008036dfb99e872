package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.gossipcdn.node.NodeProcess;
import org.junit.jupiter.api.Test;

/** gcdn put / get / stat / status / rm against two real node processes. */
class CliIT {

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            int code = Gcdn.commandLine().execute(args);
            assertThat(code).as("gcdn %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString();
    }

    @Test
    void putAtOneNodeGetAtAnother() throws Exception {
        Path dir = Files.createTempDirectory("gcdn-cli-it-");
        int p1 = NodeProcess.freePort();
        try (NodeProcess a = new NodeProcess(p1, dir.resolve("a"), List.of(), List.of("--profile", "fast", "--bootstrap", "none")).start();
             NodeProcess b = new NodeProcess(NodeProcess.freePort(), dir.resolve("b"), List.of(),
                     List.of("--profile", "fast", "--bootstrap", "none", "--seed", "127.0.0.1:" + p1)).start()) {
            byte[] data = new byte[3 << 20];
            new Random(5).nextBytes(data);
            Path in = dir.resolve("in.bin");
            Files.write(in, data);
            String key = run("put", in.toString(), "--node", a.address(), "--replicas", "2").trim();
            assertThat(key).matches("[0-9a-f-]{36}");
            Path out = dir.resolve("out.bin");
            run("get", key, "-o", out.toString(), "--node", b.address());
            assertThat(Files.readAllBytes(out)).isEqualTo(data);
            assertThat(run("stat", key, "--node", b.address())).contains("winner").contains(String.valueOf(data.length));
            // status exits 0 only while no member is suspect: on a loaded machine one can be, for a moment
            org.awaitility.Awaitility.await("status converged").atMost(java.time.Duration.ofSeconds(60)).until(() -> {
                PrintStream old = System.out;
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                System.setOut(new PrintStream(printed, true));
                try {
                    return Gcdn.commandLine().execute("status", "--node", a.address()) == 0
                            && printed.toString().contains("converged: every node");
                } finally {
                    System.setOut(old);
                }
            });
            run("rm", key, "--node", b.address());
            assertThat(Gcdn.commandLine().execute("get", key, "--node", b.address())).isEqualTo(1);
        }
    }

    @Test
    void signedWritesOverwriteWhatTheirClientSawAndNothingElse() throws Exception {
        Path dir = Files.createTempDirectory("gcdn-cli-it-");
        try (NodeProcess a = new NodeProcess(NodeProcess.freePort(), dir.resolve("a"), List.of(),
                List.of("--profile", "fast", "--bootstrap", "none")).start()) {
            Path key = dir.resolve("owner.pem");
            run("keygen", "-o", key.toString());
            Path in = dir.resolve("v1.txt");
            Files.writeString(in, "one");
            String blob = run("put", in.toString(), "--sign", key.toString(), "--node", a.address()).trim();
            Files.writeString(in, "two");
            run("put", in.toString(), "--key", blob, "--sign", key.toString(), "--node", a.address());
            // the second write signed the context the node offered: it overwrote the first knowingly
            String versions = new String(a.get("/v1/blobs/" + blob + "/versions").body());
            assertThat(versions).contains("\"losers\":[]");
            run("rm", blob, "--sign", key.toString(), "--node", a.address());
            assertThat(a.get("/v1/blobs/" + blob).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void keyringInstallPassesTheFirstKeyTokenOfAnOpenNode() throws Exception {
        Path dir = Files.createTempDirectory("gcdn-cli-it-");
        try (NodeProcess open = new NodeProcess(NodeProcess.freePort(), dir.resolve("open"), List.of(),
                List.of("--profile", "fast", "--bootstrap", "none", "--insecure-open-cluster")).start()) {
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cl = Gcdn.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true));
            assertThat(cl.execute("keyring", "install", "the first key, long enough", "--node", open.address())).isEqualTo(1);
            assertThat(err.toString()).contains("HTTP 403").contains("one-time token");
            assertThat(run("status", "--node", open.address())).contains("INSECURE OPEN CLUSTER");

            Path token = open.dataDir.resolve("keyring-token");
            assertThat(run("keyring", "install", "the first key, long enough", "--node", open.address(),
                    "--token-file", token.toString())).contains("primary");
            assertThat(token).doesNotExist();
            assertThat(run("keyring", "list", "--node", open.address(), "--cluster-key", "the first key, long enough"))
                    .contains("primary");
            assertThat(run("status", "--node", open.address())).doesNotContain("OPEN CLUSTER");
        }
    }
}
