package org.gossipcdn.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;

/**
 * How long writes take to reach this node: for each version written at another node and committed
 * here, the time from its HLC stamp (its commit at the node that took the write) to now, as the
 * histogram {@code gcdn_propagation_lag_seconds}. The HLC wall part comes from the writer's clock,
 * so clock skew between the two nodes shows up in the figure (bounded by maxClockDrift); a
 * negative difference counts as zero.
 */
final class PropagationLag implements Listener {

    /** Bucket bounds: from a fast LAN hop to a partition healed by anti-entropy. */
    static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofMinutes(5)};

    private final NodeId self;
    private final LongSupplier wallMillis;
    private final Timer lag;

    PropagationLag(NodeId self, LongSupplier wallMillis, MeterRegistry registry) {
        this.self = self;
        this.wallMillis = wallMillis;
        this.lag = Timer.builder("gcdn.propagation.lag")
                .description("time from a version's HLC stamp at the node that took the write to its commit here")
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    @Override
    public void onRecordCommitted(KeyState before, KeyState after) {
        BlobRecord winner = after.winner();
        if (winner.version().node().equals(self) || before != null && before.knows(winner.version())) {
            return; // written here, or not new here
        }
        lag.record(Math.max(0, wallMillis.getAsLong() - winner.version().hlc().wallMillis()), TimeUnit.MILLISECONDS);
    }

    /** Cumulative counts by upper bound in seconds ("+Inf" last), as Prometheus buckets read. */
    Map<String, Long> buckets() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (CountAtBucket b : lag.takeSnapshot().histogramCounts()) {
            out.put(String.valueOf(b.bucket(TimeUnit.SECONDS)), (long) b.count());
        }
        out.put("+Inf", lag.count());
        return out;
    }
}
