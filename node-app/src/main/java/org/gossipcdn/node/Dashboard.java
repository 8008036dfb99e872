package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.gossipcdn.transport.http.Problem;

/**
 * The network dashboard at {@code /}: one page, no build step, no external assets. Its script
 * polls {@code /v1/cluster/overview} every two seconds and follows {@code /v1/events}, and shows
 * every member as this node sees it, each live data node's keys, digest root and disk side by side
 * with whether they agree, the propagation-lag histogram, conflicts and untrusted records per minute
 * over the last hour, and the latest events ({@code /?events=off} leaves the event stream out). The page's origin is also the keyring API's, so the
 * Content-Security-Policy lets only this exact script run (by its hash) and only talk to this node.
 */
final class Dashboard implements HttpHandler {

    static final String SCRIPT = """
            'use strict';
            const $ = id => document.getElementById(id);
            const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
            function row(table, cells, cls) { const tr = el('tr', undefined, cls); cells.forEach(c => tr.appendChild(c instanceof Node ? c : el('td', String(c)))); table.appendChild(tr); }
            function head(table, names) { table.replaceChildren(); const tr = el('tr'); names.forEach(n => tr.appendChild(el('th', n))); table.appendChild(tr); }
            // the shortest prefix (at least 8) that tells every id on the page apart
            function shortLen(ids) { for (let n = 8; n < 32; n += 2) { if (new Set(ids.map(i => i.slice(0, n))).size === new Set(ids).size) return n; } return 32; }
            function bytes(n) { const u = ['B','KiB','MiB','GiB','TiB']; let i = 0; while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; } return (i ? n.toFixed(1) : n) + ' ' + u[i]; }
            function bars(svg, values, labels) {
              svg.replaceChildren(); const max = Math.max(1, ...values); const w = 100 / Math.max(1, values.length);
              values.forEach((v, i) => { const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
                const h = 90 * v / max; r.setAttribute('x', (i * w + w * 0.1) + '%'); r.setAttribute('width', (w * 0.8) + '%');
                r.setAttribute('y', (95 - h) + '%'); r.setAttribute('height', h + '%');
                const t = document.createElementNS('http://www.w3.org/2000/svg', 'title'); t.textContent = (labels ? labels[i] + ': ' : '') + v; r.appendChild(t); svg.appendChild(r); });
            }
            async function refresh() {
              let o;
              try { const r = await fetch('/v1/cluster/overview', {cache: 'no-store'}); if (!r.ok) throw new Error('HTTP ' + r.status); o = await r.json(); }
              catch (e) { $('state').textContent = 'this node does not answer: ' + e.message; $('state').className = 'bad'; return; }
              $('self').textContent = o.address;
              const ids = o.members.map(m => m.id); const n = shortLen(ids);
              const t = $('members'); head(t, ['id', 'address', 'role', 'state', 'incarnation']);
              o.members.forEach(m => row(t, [el('td', m.id.slice(0, n), 'mono'), m.address, m.role, el('td', m.status, m.status), m.incarnation], m.id === o.node ? 'me' : ''));
              const trouble = o.members.filter(m => m.status === 'suspect' || m.status === 'dead').map(m => m.address + ' is ' + m.status);
              const v = $('views'); head(v, ['node', 'members', 'keys', 'digest root', 'disk', 'conflicts (1 h)', 'state']);
              const roots = new Set(o.views.filter(x => !x.error).map(x => x.digestRoot));
              o.views.forEach(x => {
                if (x.error) { row(v, [x.address, el('td', x.error, 'dead')]); trouble.push(x.address + ': ' + x.error); return; }
                row(v, [x.address, x.members, x.keys, el('td', x.digestRoot.slice(0, 16), roots.size > 1 ? 'suspect mono' : 'mono'),
                        bytes(x.diskByKind ? x.diskByKind.total : 0), x.conflictsLastHour ?? 0, el('td', x.resyncing ? 're-syncing' : 'serving')]);
              });
              if (roots.size > 1) trouble.push('digest roots differ');
              o.views.filter(x => x.openCluster).forEach(x => trouble.push(x.address + ' is an INSECURE OPEN CLUSTER node (no cluster key)'));
              $('state').textContent = o.converged ? 'converged: ' + o.views.length + ' data nodes agree' : 'not converged: ' + (trouble.join('; ') || 'views differ');
              $('state').className = o.converged ? 'ok' : 'bad';
              const lag = o.propagationLagSeconds; const bounds = Object.keys(lag); const cum = bounds.map(b => lag[b]);
              bars($('lag'), cum.map((c, i) => c - (i ? cum[i - 1] : 0)), bounds.map(b => '<= ' + b + ' s'));
              $('lagLabels').textContent = bounds.map(b => b === '+Inf' ? '>' : b < 1 ? Math.round(b * 1000) + 'ms' : b < 60 ? Number(b) + 's' : b / 60 + 'm').join(' ');
              bars($('conflicts'), o.conflictsPerMinute); bars($('untrusted'), o.untrustedPerMinute);
              $('conflictsTotal').textContent = o.conflictsPerMinute.reduce((a, b) => a + b, 0);
              $('untrustedTotal').textContent = o.untrustedPerMinute.reduce((a, b) => a + b, 0);
              const d = $('disk'); head(d, ['node'].concat(Object.keys(o.views.find(x => x.diskByKind)?.diskByKind ?? {})));
              o.views.filter(x => x.diskByKind).forEach(x => row(d, [x.address].concat(Object.values(x.diskByKind).map(bytes))));
              $('updated').textContent = new Date().toLocaleTimeString();
            }
            const feed = [];
            function follow() {
              const es = new EventSource('/v1/events');
              ['committed', 'deleted', 'conflict', 'untrusted', 'member'].forEach(type => es.addEventListener(type, m => {
                const e = JSON.parse(m.data);
                feed.unshift(new Date().toLocaleTimeString() + '  ' + e.type + '  ' + (e.key ?? (e.address + ' ' + e.previous + ' -> ' + e.status)));
                feed.length = Math.min(feed.length, 15); $('events').textContent = feed.join('\\n');
              }));
            }
            // ?events=off: no event stream (a page that never finishes loading cannot be snapshot in virtual time)
            refresh(); setInterval(refresh, 2000); if (!new URLSearchParams(location.search).has('events')) follow();
            """;

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Gossip CDN node @ID@</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.3em; } h2 { font-size: 1.05em; margin-top: 1.4em; }
            table { border-collapse: collapse; } td, th { padding: .25em .8em; border-bottom: 1px solid #ddd; text-align: left; }
            .mono { font-family: ui-monospace, monospace; } .me td:first-child { font-weight: bold; }
            .alive, .ok { color: #176b2c; } .suspect { color: #a36b00; } .dead, .bad { color: #b00020; } .left { color: #777; }
            #state { font-weight: bold; font-size: 1.1em; }
            svg { width: 100%; max-width: 640px; height: 90px; background: #f6f6f6; } rect { fill: #3b6ea8; }
            .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1em; }
            pre { background: #f6f6f6; padding: .5em; min-height: 4em; }
            .warn { background: #fdd; border: 2px solid #c00; padding: 8px 12px; }
            </style></head><body>
            <h1>Gossip CDN network, seen from node <span class="mono">@ID@</span> at <span id="self" class="mono"></span></h1>
            @WARNING@
            <p id="state">loading ...</p><noscript><p>This page needs JavaScript; the same figures are at
            <a href="/v1/cluster/overview">/v1/cluster/overview</a> and <a href="/v1/status">/v1/status</a>.</p></noscript>
            <h2>Data nodes side by side</h2><table id="views"></table>
            <h2>Members as this node sees them</h2><table id="members"></table>
            <div class="grid">
            <div><h2>Propagation lag (writes from other nodes)</h2><svg id="lag"></svg><div id="lagLabels" class="mono"></div></div>
            <div><h2>Conflicts, last hour: <span id="conflictsTotal"></span></h2><svg id="conflicts"></svg>
            <h2>Untrusted records, last hour: <span id="untrustedTotal"></span></h2><svg id="untrusted"></svg></div>
            </div>
            <h2>Disk by kind</h2><table id="disk"></table>
            <h2>Events</h2><pre id="events"></pre>
            <p>updated <span id="updated"></span> · <a href="/metrics">metrics</a> · <a href="/v1/cluster/overview">overview JSON</a></p>
            <script>@SCRIPT@</script>
            </body></html>
            """.replace("@SCRIPT@", SCRIPT);

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
            + "connect-src 'self'; script-src 'sha256-" + sha256(SCRIPT) + "'";
    private static final HttpString CSP = HttpString.tryFromString("Content-Security-Policy");

    private final String nodeId;
    private final java.util.function.BooleanSupplier openCluster;

    /** @param openCluster true while the node has no cluster key: the page then carries the warning */
    Dashboard(String nodeId, java.util.function.BooleanSupplier openCluster) {
        this.nodeId = nodeId.replaceAll("[^0-9a-f]", "");
        this.openCluster = openCluster;
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            Problem.send(ex, 405, "Method Not Allowed", "read-only page; use GET");
            return;
        }
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        ex.getResponseHeaders().put(CSP, CONTENT_SECURITY_POLICY);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        String warning = openCluster.getAsBoolean() ? "<p class=\"warn\"><b>INSECURE OPEN CLUSTER</b>: "
                + ClusterApi.OPEN_CLUSTER_WARNING + ". Install a cluster key (gcdn keyring install).</p>" : "";
        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(PAGE.replace("@ID@", nodeId).replace("@WARNING@", warning)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
