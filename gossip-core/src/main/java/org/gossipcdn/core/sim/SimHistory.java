package org.gossipcdn.core.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.antientropy.DigestTree;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.sim.check.Claim;
import org.gossipcdn.core.sim.check.Head;
import org.gossipcdn.core.sim.check.ReferenceModel;
import org.gossipcdn.core.sim.check.Rules;
import org.gossipcdn.core.sim.check.Stamp;
import org.gossipcdn.core.sim.check.Tick;
import org.gossipcdn.core.sim.check.Verdict;
import org.gossipcdn.core.sim.check.Write;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Version;

/**
 * The operation history of a simulated run, as a client would keep it: every acknowledged write
 * with what the node answered. It turns records and key states into the plain values of the
 * independent checker ({@link org.gossipcdn.core.sim.check}) and judges a cluster's final state
 * against the {@link ReferenceModel}: only data crosses, no rule.
 */
public final class SimHistory {

    private final List<Write> writes = new ArrayList<>();
    private final Set<UUID> keys = new TreeSet<>();
    private long sequence;

    /** Records {@code outcome} if it is an acknowledged write; returns it. */
    public WriteOutcome record(WriteOutcome outcome) {
        if (outcome instanceof WriteOutcome.Written w) {
            add(w.record());
        }
        return outcome;
    }

    /** Records an acknowledged write's record. */
    public void add(BlobRecord record) {
        writes.add(write(record, sequence++));
        keys.add(record.key());
    }

    public int acked() {
        return writes.size();
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }

    /** The model's settings for {@code config}: one full sweep visits every digest leaf. */
    public static Rules rules(GossipConfig config) {
        var r = config.replica();
        long ticks = (DigestTree.LEAVES + r.sweepLeavesPerTick() - 1) / r.sweepLeavesPerTick();
        Duration sweep = config.dissemination().gossipTick().multipliedBy(ticks);
        return new Rules(r.maxHeads(), r.conflictRetention(), r.maxClockDrift(), sweep, r.tombstoneGrace());
    }

    /** The live nodes' states of every written key, judged against the model at the network's true time. */
    public Verdict judge(SimCluster cluster, GossipConfig config) {
        long now = SimNetwork.EPOCH_MILLIS + cluster.network().nowNanos() / 1_000_000;
        var expected = new ReferenceModel(rules(config)).expect(writes, now);
        Map<String, Map<UUID, List<Head>>> finals = new LinkedHashMap<>();
        for (int i : cluster.live()) {
            Map<UUID, List<Head>> perKey = new TreeMap<>();
            for (UUID key : keys) {
                perKey.put(key, cluster.state(i, key).map(SimHistory::heads).orElse(List.of()));
            }
            finals.put("node-" + i, perKey);
        }
        return Verdict.judge(writes.size(), expected, finals);
    }

    /** A judged run's fields plus {@code errors}: failures the network saw (see {@link SimNetwork#errors()}). */
    public static Map<String, Object> fields(Verdict verdict, SimNetwork network) {
        Map<String, Object> f = new LinkedHashMap<>(verdict.fields());
        f.put("errors", network.errors());
        if (network.firstError() != null) {
            f.put("first_error", network.firstError());
        }
        if (!verdict.examples().isEmpty()) {
            f.put("examples", String.join("; ", verdict.examples()));
        }
        return f;
    }

    public static Write write(BlobRecord r, long order) {
        Map<String, Tick> seen = new TreeMap<>();
        r.seen().entries().forEach((node, hlc) -> seen.put(node.toString(), tick(hlc)));
        Claim claim = r.isSigned()
                ? new Claim(HexFormat.of().formatHex(r.owner().publicKey()), stamp(r.owner().since())) : null;
        return new Write(r.key(), stamp(r.version()), r.tombstone(), r.contentHash().toString(), seen, claim, order);
    }

    public static List<Head> heads(KeyState state) {
        List<Head> out = new ArrayList<>(state.heads().size());
        for (BlobRecord r : state.heads()) {
            out.add(new Head(stamp(r.version()), r.tombstone(), r.contentHash().toString()));
        }
        return out;
    }

    static Stamp stamp(Version v) {
        return new Stamp(tick(v.hlc()), v.node().toString());
    }

    static Tick tick(Hlc h) {
        return new Tick(h.wallMillis(), h.counter());
    }
}
