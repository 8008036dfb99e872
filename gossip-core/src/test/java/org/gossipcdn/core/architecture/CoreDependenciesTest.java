package org.gossipcdn.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps gossip-core on the JDK alone and deterministic: no import outside {@code java.*} and the
 * project, and none of the calls that let the outside world in except in the one small class
 * that is that seam. (A plain source scan: no ArchUnit dependency needed for two rules.)
 */
class CoreDependenciesTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    /** Banned call → the only files allowed to make it. */
    private static final Map<String, List<String>> BANNED = Map.of(
            "System.currentTimeMillis", List.of("time/SystemClock.java"),
            "System.nanoTime", List.of("time/SystemClock.java"),
            "Instant.now", List.of(),
            "Thread.sleep", List.of(),
            "new Thread", List.of("LoopScheduler.java"),
            "Executors.", List.of(),
            "ThreadLocalRandom", List.of(),
            "new Random(", List.of(),
            "UUID.randomUUID", List.of(),
            "Collections.shuffle", List.of());

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void coreImportsOnlyTheJdkAndItself() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String name = m.group(2);
                if (!name.startsWith("java.") && !name.startsWith("org.gossipcdn.core")) {
                    offenders.add(MAIN.relativize(file) + ": " + name);
                }
            }
        }
        assertThat(sources()).isNotEmpty();
        assertThat(offenders).as("gossip-core must depend on the JDK only").isEmpty();
    }

    @Test
    void theWorldEntersOnlyThroughItsSeams() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            String rel = MAIN.resolve("org/gossipcdn/core").relativize(file).toString();
            String text = Files.readString(file);
            BANNED.forEach((call, allowed) -> {
                if (text.contains(call) && !allowed.contains(rel)) {
                    offenders.add(rel + " calls " + call);
                }
            });
        }
        assertThat(offenders).as("use the injected Clock, Scheduler and RandomGenerator").isEmpty();
    }
}
