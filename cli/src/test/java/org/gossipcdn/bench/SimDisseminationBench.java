package org.gossipcdn.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gossipcdn.core.sim.SimReport;
import org.gossipcdn.core.sim.SimScenarios;

/**
 * Rounds to full dissemination by the rumor tick alone (eager push off: the safety net) in the simulator for N = 16 … max (doubling), without loss and
 * with 5 % loss, against log2 N + ln N; writes an SVG chart of rounds vs N with the bound drawn.
 * Run by {@code scripts/bench sim-dissemination [--max-nodes 8192] [--seeds 3] [--chart FILE]}.
 */
public final class SimDisseminationBench {

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.SEVERE);
        for (var h : Logger.getLogger("").getHandlers()) {
            h.setLevel(Level.SEVERE);
        }
        Map<String, String> a = Args.parse(args);
        int max = Integer.parseInt(a.getOrDefault("max-nodes", "8192"));
        int seeds = Integer.parseInt(a.getOrDefault("seeds", "3"));
        Path chart = Path.of(a.getOrDefault("chart", "docs/dissemination-rounds.svg"));
        List<int[]> rows = new ArrayList<>(); // n, bound, worst rounds loss 0, worst rounds loss 5 %
        boolean withinBound = true;
        for (int n = 16; n <= max; n *= 2) {
            int worst0 = 0;
            int worst5 = 0;
            for (int s = 1; s <= seeds; s++) {
                worst0 = Math.max(worst0, (int) rounds(SimScenarios.oneWrite(new SimScenarios.Params(n, 0, s, null), false)));
                worst5 = Math.max(worst5, (int) rounds(SimScenarios.oneWrite(new SimScenarios.Params(n, 0.05, s, null), false)));
            }
            int bound = SimScenarios.bound(n);
            withinBound &= worst0 <= bound;
            rows.add(new int[] {n, bound, worst0, worst5});
            System.err.printf("N=%5d bound=%2d rounds(loss 0)=%2d rounds(loss 5%%)=%2d%n", n, bound, worst0, worst5);
        }
        Files.createDirectories(chart.toAbsolutePath().getParent());
        Files.writeString(chart, svg(rows));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_nodes", max);
        out.put("seeds", seeds);
        List<Map<String, Object>> table = new ArrayList<>();
        for (int[] r : rows) {
            table.add(Map.of("n", r[0], "bound", r[1], "rounds_loss0", r[2], "rounds_loss5", r[3]));
        }
        out.put("rows", table);
        out.put("all_within_bound_without_loss", withinBound);
        out.put("chart", chart.toString());
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    private static double rounds(SimReport r) {
        return r.number("rounds");
    }

    /** A small self-contained SVG line chart: x = log2 N, y = rounds. */
    static String svg(List<int[]> rows) {
        int w = 690;
        int h = 400;
        int left = 60;
        int bottom = 50;
        int top = 30;
        int right = 200;
        int maxY = 0;
        for (int[] r : rows) {
            maxY = Math.max(maxY, Math.max(r[1], Math.max(r[2], r[3])));
        }
        maxY = (maxY / 5 + 1) * 5;
        double minX = log2(rows.get(0)[0]);
        double maxX = log2(rows.get(rows.size() - 1)[0]);
        double sx = (w - left - right) / Math.max(1, maxX - minX);
        double sy = (double) (h - top - bottom) / maxY;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">Gossip rounds until every node holds a write (worst of seeds)</text>%n", left));
        for (int y = 0; y <= maxY; y += 5) {
            double py = h - bottom - y * sy;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
                    left, w - right, py, py, left - 6, py + 4, y));
        }
        for (int[] r : rows) {
            double px = left + (log2(r[0]) - minX) * sx;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", px, h - bottom + 18, r[0]));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">nodes N (log scale)</text>%n", (left + w - right) / 2, h - 12));
        sb.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">rounds (200 ms ticks)</text>%n", h / 2, h / 2));
        String[] colors = {"#999", "#1f77b4", "#d62728"};
        String[] names = {"bound log2 N + ln N", "rounds, no loss", "rounds, 5 % loss"};
        String[] dash = {"6,4", "", ""};
        for (int series = 0; series < 3; series++) {
            StringBuilder pts = new StringBuilder();
            for (int[] r : rows) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + (log2(r[0]) - minX) * sx, h - bottom - r[series + 1] * sy));
            }
            sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\" points=\"%s\"/>%n",
                    colors[series], dash[series], pts.toString().trim()));
            double ly = top + 20 + series * 20;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/><text x=\"%d\" y=\"%.1f\">%s</text>%n",
                    w - right + 8, w - right + 28, ly, ly, colors[series], dash[series], w - right + 32, ly + 4, names[series]));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }
}
