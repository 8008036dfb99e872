package org.gossipcdn.node;

import java.io.IOException;
import java.util.Map;
import picocli.CommandLine;

/** {@code gcdn node}: parses options, runs a node until SIGTERM or SIGINT. Exit 2 on bad options. */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        NodeOptions options = new NodeOptions();
        CommandLine cl = new CommandLine(options);
        NodeConfig config;
        try {
            cl.setDefaultValueProvider(new EnvironmentDefaults(env, EnvironmentDefaults.configFile(args, env)));
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return;
            }
            LogFormat.parse(options.logFormat).apply();
            config = options.toConfig();
        } catch (CommandLine.ParameterException | IllegalArgumentException | IOException e) {
            System.err.println("gcdn node: " + e.getMessage());
            System.err.println("Try 'gcdn node --help'.");
            System.exit(2);
            return;
        }
        NodeServer server;
        try {
            server = new NodeServer(config).start();
        } catch (RuntimeException e) {
            System.err.println("gcdn node: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        PidFile.write(config.dataDir());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            PidFile.remove(config.dataDir());
        }, "shutdown"));
    }
}
