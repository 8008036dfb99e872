package org.gossipcdn.bootstrap;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.node.EnvironmentDefaults;
import org.gossipcdn.node.LogFormat;
import picocli.CommandLine;

/** {@code gcdn bootstrap}: parses options and runs the registry until SIGTERM. Exit 2 on bad options. */
public final class BootstrapMain {

    static final String NO_KEY = "no cluster key: without one, any host that can reach the port can gossip with the "
            + "network. Give the bootstrap and every node the same --cluster-key SECRET (>= 16 characters; or "
            + "GCDN_CLUSTER_KEY), or, for a throw-away network, --insecure-open-cluster";

    private BootstrapMain() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        BootstrapOptions o = new BootstrapOptions();
        CommandLine cl = new CommandLine(o);
        BootstrapServer server;
        try {
            cl.setDefaultValueProvider(new EnvironmentDefaults(env, EnvironmentDefaults.configFile(args, env)));
            if (CommandLine.printHelpIfRequested(cl.parseArgs(args))) {
                return;
            }
            LogFormat.parse(o.logFormat).apply();
            Optional<String> key = Optional.ofNullable(o.clusterKey).filter(k -> !k.isBlank());
            if (key.isEmpty() && !o.insecureOpenCluster) {
                System.err.println("gcdn bootstrap: could not start: " + NO_KEY);
                System.exit(1);
                return;
            }
            Address advertise = o.advertise != null ? Address.parse(o.advertise)
                    : new Address(o.bind.equals("0.0.0.0") || o.bind.equals("::") ? "127.0.0.1" : o.bind, o.port);
            server = new BootstrapServer(o.bind, o.port, advertise, o.dataDir,
                    o.seeds.stream().filter(s -> !s.isBlank()).map(s -> Address.parse(s.trim())).toList(), o.clusterId,
                    key, o.gossip());
        } catch (CommandLine.ParameterException | IllegalArgumentException | IOException e) {
            System.err.println("gcdn bootstrap: " + e.getMessage());
            System.err.println("Try 'gcdn bootstrap --help'.");
            System.exit(2);
            return;
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            System.err.println("gcdn bootstrap: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        org.gossipcdn.node.PidFile.write(o.dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            org.gossipcdn.node.PidFile.remove(o.dataDir);
        }, "shutdown"));
    }
}
