package org.gossipcdn.node;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line takes its value from: the environment variable
 * {@code GCDN_<NAME>} (e.g. {@code --max-blob-size} → {@code GCDN_MAX_BLOB_SIZE}), else the config
 * file's {@code <name>} property (e.g. {@code max-blob-size = 1GiB}; lists comma-separated), else
 * the built-in default. The command line wins over both.
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> env;
    private final Properties file = new Properties();

    public EnvironmentDefaults(Map<String, String> env, Path configFile) throws IOException {
        this.env = env;
        if (configFile != null) {
            try (Reader r = Files.newBufferedReader(configFile)) {
                file.load(r);
            }
        }
    }

    /** The config file named by {@code --config FILE} / {@code --config=FILE} in args, else by GCDN_CONFIG. */
    public static Path configFile(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String fromEnv = env.get("GCDN_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    static String envName(String longOption) {
        return "GCDN_" + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.longestName().equals("--config")) {
            return null;
        }
        String name = option.longestName();
        String value = env.get(envName(name));
        if (value == null) {
            value = file.getProperty(name.replaceFirst("^--", ""));
        }
        return value;
    }
}
