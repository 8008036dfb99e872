package org.gossipcdn.core.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the checker independent of what it checks: the model's package imports the JDK only, so
 * it cannot borrow {@code dominates}, {@code merge}, {@code KeyState} or any other rule of
 * gossip-core's {@code version}, {@code replica}, {@code antientropy} and {@code time} packages,
 * nor name them fully qualified.
 */
class CheckerIndependenceTest {

    private static final Path CHECK = Path.of("src/main/java/org/gossipcdn/core/sim/check");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void theModelImportsOnlyTheJdk() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(CHECK)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        List<String> offenders = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                if (!m.group(2).startsWith("java.")) {
                    offenders.add(file.getFileName() + " imports " + m.group(2));
                }
            }
            if (text.replaceAll("package org\\.gossipcdn\\.core\\.sim\\.check;", "")
                    .replaceAll("org\\.gossipcdn\\.core\\.sim\\.check\\.", "").contains("org.gossipcdn")) {
                offenders.add(file.getFileName() + " names a gossip-core class outside the checker");
            }
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("ReferenceModel.java", "Verdict.java");
        assertThat(offenders).as("the reference model shares no code with the rules it checks").isEmpty();
    }
}
