package org.gossipcdn.core.sim;

import java.util.Arrays;
import java.util.stream.LongStream;

/** The seeds a sim test runs: its defaults, or the one given by {@code -Dgossip.sim.seed=…} to rerun a failure. */
final class SimSeeds {

    private SimSeeds() {
    }

    static LongStream of(long... defaults) {
        String forced = System.getProperty("gossip.sim.seed");
        return forced == null || forced.isBlank() ? Arrays.stream(defaults) : LongStream.of(Long.parseLong(forced));
    }

    /** The message a failing sim assertion carries. */
    static String rerun(SimReport report) {
        return report.toJson() + "\n  rerun: ./mvnw -pl gossip-core test -Dtest=<this test> -Dgossip.sim.seed="
                + report.fields().get("seed");
    }
}
