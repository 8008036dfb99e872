package org.gossipcdn.node;

import java.util.List;
import org.gossipcdn.core.NodeStatus;
import org.gossipcdn.core.membership.Member;

/** The HTML page at {@code /}: this node and the members it sees. No scripts, no external assets. */
final class StatusPage {

    private StatusPage() {
    }

    static String render(NodeStatus s, List<Member> members, String version, boolean openCluster) {
        StringBuilder rows = new StringBuilder();
        for (Member m : members) {
            rows.append("<tr><td><code>").append(m.id().shortId()).append("</code></td><td>").append(esc(m.address().toString()))
                    .append("</td><td>").append(m.role()).append("</td><td class=\"").append(m.status()).append("\">")
                    .append(m.status()).append("</td><td>").append(m.incarnation()).append("</td></tr>\n");
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Gossip CDN node %s</title>
                <style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
                td,th{padding:4px 12px;border-bottom:1px solid #ddd;text-align:left}.ALIVE{color:#070}.SUSPECT{color:#a60}
                .DEAD,.LEFT{color:#999}code{font-size:13px}.warn{background:#fdd;border:2px solid #c00;padding:8px 12px}</style></head><body>
                <h1>Gossip CDN node <code>%s</code></h1>
                %s
                <p>%s · advertised at <b>%s</b> · incarnation %d</p>
                <table><tr><th>live members</th><td>%d</td></tr><tr><th>keys</th><td>%d</td></tr>
                <tr><th>digest root</th><td><code>%s</code></td></tr><tr><th>re-syncing</th><td>%s</td></tr>
                <tr><th>queued rumors</th><td>%d</td></tr></table>
                <h2>Members</h2><table><tr><th>id</th><th>address</th><th>role</th><th>status</th><th>incarnation</th></tr>
                %s</table>
                <p>API: <code>PUT/GET/HEAD/DELETE /v1/blobs/{uuid}</code>, <code>POST /v1/blobs</code>,
                <code>/v1/blobs/{uuid}/versions</code>, <code>/v1/cluster/members</code>, <code>/v1/health</code>,
                <a href="/metrics">/metrics</a></p></body></html>
                """.formatted(s.self().id().shortId(), s.self().id().shortId(),
                openCluster ? "<p class=\"warn\"><b>INSECURE OPEN CLUSTER</b>: " + esc(ClusterApi.OPEN_CLUSTER_WARNING)
                        + ". Install a cluster key (gcdn keyring install).</p>" : "", esc(version), esc(s.self().address().toString()),
                s.self().incarnation(), s.liveMembers(), s.keys(), s.digestRoot(), s.resyncing(), s.queuedRumors(), rows);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
