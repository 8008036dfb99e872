package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard at {@code /}, loaded in headless Chromium against three running nodes: once its
 * script has run, it shows the three members alive, the three data nodes side by side and that they
 * agree. Also writes {@code target/dashboard.png} (the README's screenshot is a copy of it).
 * Skipped without Chromium, except in CI ({@code .ci/run} installs it).
 */
class DashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path profile;

    private static String chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        return null;
    }

    /** Runs headless Chromium on {@code url} with {@code what} (--dump-dom or --screenshot=F) and {@code wait}. */
    private String chromium(String binary, String url, String wait, String what) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=1200,1000", wait, what, url));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theDashboardShowsThreeMembersAliveAndConvergedInChromium() throws Exception {
        String binary = chromium();
        Assumptions.assumeTrue(binary != null || System.getenv("CI") != null, "no chromium here (apt-get install chromium)");
        assertThat(binary).as("chromium, which .ci/run installs").isNotNull();
        try (LocalCluster cluster = new LocalCluster(3, List.of()).start()) {
            await("three members each").atMost(Duration.ofSeconds(60)).until(() -> cluster.nodes.stream().allMatch(n -> {
                try {
                    return JSON.readTree(n.get("/v1/status").body()).path("members").asInt() == 3;
                } catch (IOException e) {
                    return false;
                }
            }));
            NodeProcess first = cluster.node(0);
            first.sendWrite(HttpRequest.newBuilder(first.uri("/v1/blobs/" + UUID.randomUUID())).header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofString("shown on the dashboard")));
            String url = "http://" + first.address() + "/";
            String dom = await("the dashboard converged in chromium").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> chromium(binary, url, "--timeout=4000", "--dump-dom"), d -> d.contains("converged: 3 data nodes agree"));
            Matcher members = Pattern.compile("<table id=\"members\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
            assertThat(members.find()).as("members table in:%n%s", dom).isTrue();
            assertThat(Pattern.compile("<td class=\"alive\">alive</td>").matcher(members.group(1)).results().count()).isEqualTo(3);
            for (NodeProcess n : cluster.nodes) {
                assertThat(members.group(1)).contains(n.address());
            }
            Matcher views = Pattern.compile("<table id=\"views\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
            assertThat(views.find()).isTrue();
            assertThat(Pattern.compile("<tr>").matcher(views.group(1)).results().count()).as("header and three nodes").isEqualTo(4);

            Path png = Path.of("target", "dashboard.png").toAbsolutePath();
            Files.deleteIfExists(png);
            // without the event stream the page settles, so virtual time runs its script to the first full render
            chromium(binary, url + "?events=off", "--virtual-time-budget=6000", "--screenshot=" + png);
            assertThat(png).exists();
            assertThat(Files.size(png)).isGreaterThan(10_000);
        }
    }
}
