package org.gossipcdn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gossipcdn.node.NodeProcess;
import org.junit.jupiter.api.Test;

/** Issue 14: gcdn members remove (force-leave) against three real node processes, one killed. */
class MembersRemoveIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static int run(ByteArrayOutputStream out, String... args) {
        PrintStream old = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(out, true));
        try {
            return Gcdn.commandLine().execute(args);
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
    }

    private static String statusOf(NodeProcess viewer, String id) throws Exception {
        for (JsonNode m : JSON.readTree(viewer.get("/v1/cluster/members").body())) {
            if (m.get("id").asText().equals(id)) {
                return m.get("status").asText();
            }
        }
        return "unknown";
    }

    private static String idOf(NodeProcess node) throws Exception {
        return JSON.readTree(node.get("/v1/health").body()).get("node").asText();
    }

    @Test
    void aDeadMemberRemovedAtOneNodeIsLeftOnEveryNode() throws Exception {
        Path dir = Files.createTempDirectory("gcdn-remove-it-");
        int first = NodeProcess.freePort();
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                List<String> args = new ArrayList<>(List.of("--profile", "fast", "--bootstrap", "none"));
                if (i > 0) {
                    args.addAll(List.of("--seed", "127.0.0.1:" + first));
                }
                nodes.add(new NodeProcess(i == 0 ? first : NodeProcess.freePort(), dir.resolve("n" + i), List.of("-Xmx256m"), args)
                        .start());
            }
            String victim = idOf(nodes.get(2));
            String key = "--cluster-key=" + NodeProcess.TEST_CLUSTER_KEY;
            await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(nodes.get(1), victim).equals("alive"));

            ByteArrayOutputStream refused = new ByteArrayOutputStream();
            assertThat(run(refused, "members", "remove", victim.substring(0, 8), "--node", nodes.get(0).address(), key))
                    .isNotZero();
            assertThat(refused.toString()).contains("is alive");
            ByteArrayOutputStream unsigned = new ByteArrayOutputStream();
            assertThat(run(unsigned, "members", "remove", victim.substring(0, 8), "--node", nodes.get(0).address(),
                    "--cluster-key=not the cluster's key at all")).isNotZero();

            nodes.get(2).kill9();
            await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(nodes.get(0), victim).equals("dead")
                    && statusOf(nodes.get(1), victim).equals("dead"));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(run(out, "members", "remove", victim.substring(0, 8), "--node", nodes.get(0).address(), key)).isZero();
            assertThat(out.toString()).contains("removed: " + victim);
            await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(nodes.get(0), victim).equals("left")
                    && statusOf(nodes.get(1), victim).equals("left"));
        } finally {
            for (NodeProcess n : nodes) {
                n.close();
            }
        }
    }
}
