import java.io.*;
import java.net.*;
import java.net.http.*;
import java.util.*;

/**
 * A slow-body flood against one node (issue 12): writes a 100 KB blob, opens N connections that each
 * declare a 32 MiB gossip body without credentials and send one byte, waits 5 s, times three reads of
 * the blob, and prints the node's heap in use and its gossip body budget from /metrics. Loopback only.
 *
 * <p>Run: {@code java scripts/lib/GossipFlood.java PORT N PROTOCOL} against a node started with
 * {@code java -Xmx512m -jar node-app/target/gcdn-node.jar --port PORT --data-dir DIR --cluster-key KEY}
 * (PROTOCOL: the node's gossip protocol version, 2 now).
 */
public class GossipFlood {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        int n = Integer.parseInt(a[1]);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        byte[] blob = new byte[100_000];
        new Random(1).nextBytes(blob);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
        String loc = put.headers().firstValue("location").orElse(null);
        System.out.println("put " + put.statusCode() + " " + loc + " " + put.body().substring(0, Math.min(120, put.body().length())));
        List<Socket> socks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port); // loopback only
            socks.add(s);
            String head = "POST /gossip/v1/ping HTTP/1.1\r\nHost: x\r\nX-Gossip-Cluster: gcdn\r\nX-Gossip-Protocol: " + a[2]
                    + "\r\nContent-Length: " + (32 << 20) + "\r\n\r\n{";
            s.getOutputStream().write(head.getBytes());
            s.getOutputStream().flush();
        }
        Thread.sleep(5000);
        String readUrl = loc != null ? (loc.startsWith("http") ? loc : base + loc) : null;
        for (int i = 0; i < 3 && readUrl != null; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(readUrl)).build(), HttpResponse.BodyHandlers.ofByteArray());
            System.out.printf("read %d: %d bytes in %d ms%n", r.statusCode(), r.body().length, (System.nanoTime() - t0) / 1_000_000);
        }
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("gcdn_gossip_body")) System.out.println(line);
        }
        System.out.printf("heap used: %.0f MiB with %d connections open%n", heap / (1 << 20), n);
        for (Socket s : socks) s.close();
    }
}
