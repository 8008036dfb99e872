package org.gossipcdn.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gossipcdn.core.sim.SimReport;
import org.gossipcdn.core.sim.SimScenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gcdn sim}: runs a scenario in the deterministic simulator and prints its figures. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs a scenario on simulated nodes in virtual time; one seed gives exactly the same run.",
                "The last line of output is one JSON object with the scenario's figures."})
final class SimCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true,
            description = "dissemination | failure | partition | tombstone")
    String scenario;

    @Option(names = "--nodes", defaultValue = "64", description = "number of nodes (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--loss", defaultValue = "0", description = "probability each message is lost, 0 <= p < 1 (default ${DEFAULT-VALUE})")
    double loss;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--seconds", description = "simulated run length where the scenario has one "
            + "(failure: default 600; partition: how long the split lasts, default 60)")
    Long seconds;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Override
    public Integer call() {
        Logger.getLogger("").setLevel(Level.WARNING);
        for (var h : Logger.getLogger("").getHandlers()) {
            h.setLevel(Level.WARNING);
        }
        if (!SimScenarios.NAMES.contains(scenario)) {
            System.err.println("gcdn sim: unknown scenario '" + scenario + "'; choose one of " + SimScenarios.NAMES);
            return 2;
        }
        SimScenarios.Params params;
        try {
            params = new SimScenarios.Params(nodes, loss, seed, seconds == null ? null : Duration.ofSeconds(seconds));
        } catch (IllegalArgumentException e) {
            System.err.println("gcdn sim: " + e.getMessage());
            return 2;
        }
        long start = System.nanoTime();
        SimReport report = SimScenarios.run(scenario, params);
        if (!json) {
            System.out.printf("scenario %s, %d nodes, loss %.3f, seed %d (%.1f s wall)%n", scenario, nodes, loss, seed,
                    (System.nanoTime() - start) / 1e9);
            report.fields().forEach((k, v) -> System.out.printf("  %-22s %s%n", k, v));
        }
        System.out.println(report.toJson());
        return 0;
    }
}
