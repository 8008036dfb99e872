package org.gossipcdn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** {@code --name value} pairs of the bench mains, and clean-up of their temp folders. */
final class Args {

    private Args() {
    }

    /** {@code --name value} pairs; a {@code --flag} followed by another option or nothing is "true". */
    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name [value], got '" + args[i] + "'");
            }
            boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
            out.put(args[i].substring(2), flag ? "true" : args[++i]);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
