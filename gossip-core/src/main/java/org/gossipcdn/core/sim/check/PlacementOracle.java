package org.gossipcdn.core.sim.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The checker's own reading of proposal 0016's placement rule, sharing no code with
 * the placement it checks: a key's holders are the {@code r} members with the highest
 * score capacity / −ln(u), u = (top 53 bits of h + ½) / 2⁵³, h = f(key.msb ⊕ f(key.lsb ⊕ f(id.high ⊕
 * f(id.low + 0x632BE59BD9B4E019)))) with f SplitMix64's finaliser (add the golden gamma, then the two
 * xor-shift-multiply rounds); ties go to the smaller id. Written from the proposal's text.
 */
public final class PlacementOracle {

    /** A member as the oracle needs it: id halves and capacity. */
    public record Node(long idHigh, long idLow, long capacity) {}

    private PlacementOracle() {
    }

    /** The {@code r} holders of {@code key} among {@code live}, best first. */
    public static List<Node> holders(UUID key, List<Node> live, int r) {
        List<Node> sorted = new ArrayList<>(live);
        Map<Node, Double> score = new java.util.HashMap<>();
        for (Node n : live) {
            score.put(n, weight(key, n));
        }
        sorted.sort(Comparator.<Node>comparingDouble(score::get).reversed()
                .thenComparing(Node::idHigh, Long::compareUnsigned).thenComparing(Node::idLow, Long::compareUnsigned));
        return sorted.subList(0, Math.min(r, sorted.size()));
    }

    private static double weight(UUID key, Node n) {
        long inner = f(n.idLow() + 0x632BE59BD9B4E019L);
        inner = f(n.idHigh() ^ inner);
        inner = f(key.getLeastSignificantBits() ^ inner);
        long h = f(key.getMostSignificantBits() ^ inner);
        double u = ((double) (h >>> 11) + 0.5) / 9007199254740992.0; // 2^53
        return n.capacity() / -Math.log(u);
    }

    private static long f(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
