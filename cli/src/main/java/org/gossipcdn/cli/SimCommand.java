package org.gossipcdn.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
                "The last line of output is one JSON object with the scenario's figures.",
                "Checked scenarios (long-partition, retention, restart-skew, forged, random) are judged by an independent "
                        + "reference model and report lost_writes, diverged_keys, resurrected, kept_expired_not_dropped "
                        + "and errors, all of which must be 0; the exit code is 1 if any seed failed.",
                "With --seeds N, seeds S..S+N-1 run and the JSON line sums them and names the first failing seed "
                        + "with its rerun line."})
final class SimCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true,
            description = "dissemination (eager push vs tick-only: millis, messages_per_write) | dissemination-crash "
                    + "| failure | partition | tombstone | long-partition | retention | restart-skew | forged | random")
    String scenario;

    @Option(names = "--nodes", defaultValue = "64", description = "number of nodes (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--loss", defaultValue = "0", description = "probability each message is lost, 0 <= p < 1 (default ${DEFAULT-VALUE})")
    double loss;

    @Option(names = "--seed", defaultValue = "1", description = "random seed, the first one with --seeds (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--seeds", defaultValue = "1", description = "how many seeds to run: S, S+1, ... (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seconds", description = "simulated run length where the scenario has one "
            + "(failure: default 600; partition: how long the split lasts, default 60; random: the workload, default 60)")
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
        if (seeds < 1) {
            System.err.println("gcdn sim: --seeds must be >= 1, was " + seeds);
            return 2;
        }
        try {
            new SimScenarios.Params(nodes, loss, seed, null);
        } catch (IllegalArgumentException e) {
            System.err.println("gcdn sim: " + e.getMessage());
            return 2;
        }
        boolean checked = SimScenarios.CHECKED.contains(scenario);
        Map<String, Object> sums = new LinkedHashMap<>();
        Long firstFailing = null;
        int failing = 0;
        SimReport last = null;
        long start = System.nanoTime();
        for (long s = seed; s < seed + seeds; s++) {
            SimReport report = SimScenarios.run(scenario, new SimScenarios.Params(nodes, loss, s,
                    seconds == null ? null : Duration.ofSeconds(seconds)));
            last = report;
            boolean failed = checked && failed(report);
            if (failed) {
                failing++;
                if (firstFailing == null) {
                    firstFailing = s;
                }
            }
            for (String f : sumFields()) {
                if (report.fields().get(f) instanceof Number n) {
                    sums.merge(f, n.longValue(), (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
                }
            }
            if (!json && seeds > 1) {
                System.out.println(report.toJson());
            }
        }
        if (!json) {
            System.out.printf("scenario %s, %d nodes, loss %.3f, seed %d%s (%.1f s wall)%n", scenario, nodes, loss, seed,
                    seeds > 1 ? " .. " + (seed + seeds - 1) : "", (System.nanoTime() - start) / 1e9);
        }
        SimReport out = seeds == 1 ? last : aggregate(sums, failing, firstFailing);
        if (!json) {
            out.fields().forEach((k, v) -> System.out.printf("  %-26s %s%n", k, v));
            if (firstFailing != null) {
                System.out.println("  first failing seed " + firstFailing + "; rerun: " + rerun(firstFailing));
            }
        }
        System.out.println(out.toJson());
        return failing > 0 ? 1 : 0;
    }

    private static java.util.List<String> sumFields() {
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of("acked_writes"));
        out.addAll(SimScenarios.ZERO_FIELDS);
        return out;
    }

    private static boolean failed(SimReport r) {
        for (String f : SimScenarios.ZERO_FIELDS) {
            if (r.fields().get(f) instanceof Number n && n.longValue() != 0) {
                return true;
            }
        }
        return false;
    }

    private String rerun(long s) {
        return "gcdn sim --scenario " + scenario + " --nodes " + nodes + (loss == 0 ? "" : " --loss " + loss)
                + (seconds == null ? "" : " --seconds " + seconds) + " --seed " + s;
    }

    private SimReport aggregate(Map<String, Object> sums, int failing, Long firstFailing) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", nodes);
        f.put("loss", loss);
        f.put("seed", seed);
        f.put("seeds", seeds);
        f.putAll(sums);
        f.put("failing_seeds", failing);
        f.put("first_failing_seed", firstFailing);
        f.put("rerun", firstFailing == null ? null : rerun(firstFailing));
        return new SimReport(scenario, f);
    }
}
