package org.gossipcdn.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;

/**
 * gossip-core's {@link Listener} as Micrometer meters, scraped at {@code /metrics}. Listener
 * methods run on the node loop: each only bumps a counter.
 */
final class NodeMetrics implements Listener {

    /**
     * Senders of untrusted records that get their own series and {@code /v1/status} entry; the
     * records of any further sender count under {@link #OTHER_SENDERS}. Bounded so that a stream of
     * distinct claimed senders cannot grow the scrape, the status body or the heap.
     */
    static final int MAX_NAMED_SENDERS = 32;
    /** The label that counts every sender beyond the first {@link #MAX_NAMED_SENDERS}. */
    static final String OTHER_SENDERS = "other";

    private final PrometheusMeterRegistry registry;
    private final Counter commits;
    private final Counter rejected;
    private final Counter mismatches;
    private final Counter writes;
    private final Counter deletes;
    private final Counter servedBytes;
    private final Counter edgeHits;
    private final Counter edgeMissesLed;
    private final Counter edgeMissesShared;
    private final Counter edgeFetches;
    private final Counter edgeMismatches;
    private final Timer edgeFetchTime;
    private final Counter garbageFreed;
    private final ConcurrentHashMap<String, Counter> messages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> memberChanges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> untrusted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> limited = new ConcurrentHashMap<>();

    NodeMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.commits = Counter.builder("gcdn_records_committed").description("key states changed on this replica").register(registry);
        this.rejected = Counter.builder("gcdn_records_rejected").description("records from peers refused (clock drift)").register(registry);
        this.mismatches = Counter.builder("gcdn_content_mismatches").description("fetched content whose hash did not match").register(registry);
        this.writes = Counter.builder("gcdn_api_writes").description("blobs written through this node's API").register(registry);
        this.deletes = Counter.builder("gcdn_api_deletes").description("blobs deleted through this node's API").register(registry);
        this.servedBytes = Counter.builder("gcdn_api_served_bytes").description("content bytes served by GET").register(registry);
        this.edgeHits = Counter.builder("gcdn_edge_cache_hits").description("reads whose content was stored here").register(registry);
        this.edgeMissesLed = Counter.builder("gcdn_edge_cache_misses").tag("fetch", "led")
                .description("reads whose content was not here: led a read-through fetch, or shared one").register(registry);
        this.edgeMissesShared = Counter.builder("gcdn_edge_cache_misses").tag("fetch", "shared")
                .description("reads whose content was not here: led a read-through fetch, or shared one").register(registry);
        this.edgeFetches = Counter.builder("gcdn_edge_fetches").description("read-through fetch attempts, one per source tried")
                .register(registry);
        this.edgeMismatches = Counter.builder("gcdn_edge_fetch_mismatches")
                .description("read-through fetches whose content did not match its hash (the next source was tried)").register(registry);
        this.edgeFetchTime = Timer.builder("gcdn_edge_fetch_seconds").description("read-through fetch latency, miss to stored")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.garbageFreed = Counter.builder("gcdn_content_gc_freed_bytes")
                .description("bytes of content no kept record version referenced, deleted by garbage collection").register(registry);
    }

    /** A read found its content here. */
    void edgeCacheHit() {
        edgeHits.increment();
    }

    /** A read lacked its content: {@code led} the fetch, or waited for one another reader led. */
    void edgeCacheMiss(boolean led) {
        (led ? edgeMissesLed : edgeMissesShared).increment();
    }

    void edgeFetch() {
        edgeFetches.increment();
    }

    void edgeMismatch() {
        edgeMismatches.increment();
    }

    void edgeFetchSeconds(long nanos) {
        edgeFetchTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    long edgeFetches() {
        return (long) edgeFetches.count();
    }

    /** Gauges read on scrape from a supplier (key count, live members). */
    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A count that only grows, kept elsewhere: typed as a counter, so rate() works on it. */
    void counter(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, value, v -> v.get().doubleValue())
                .description(description).register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    String scrape() {
        return registry.scrape();
    }

    void write(boolean delete) {
        (delete ? deletes : writes).increment();
    }

    /** A client request refused or cut off by a limit: rate, uploads, slow-upload, busy. */
    void limited(String limit) {
        limited.computeIfAbsent(limit, l -> Counter.builder("gcdn_api_limited").tag("limit", l)
                .description("API requests refused or cut off by a client limit").register(registry)).increment();
    }

    void servedBytes(long n) {
        servedBytes.increment(n);
    }

    /** Called from the content-gc thread after a run that freed {@code bytes}. */
    void contentGarbageFreed(long bytes) {
        garbageFreed.increment(bytes);
    }

    @Override
    public void onMemberChanged(Member previous, Member current) {
        String status = current.status().name().toLowerCase(java.util.Locale.ROOT);
        memberChanges.computeIfAbsent(status, s -> Counter.builder("gcdn_member_changes").tag("status", s)
                .description("member state changes seen").register(registry)).increment();
    }

    @Override
    public void onRecordCommitted(KeyState before, KeyState after) {
        commits.increment();
    }

    @Override
    public void onRecordRejected(BlobRecord record, String reason) {
        rejected.increment();
    }

    /**
     * Counted per sending member, so a forging member stands out in metrics and {@code gcdn status}:
     * the first {@value #MAX_NAMED_SENDERS} senders by name, later ones as {@value #OTHER_SENDERS}.
     * Named series are never moved into "other" later (a true top-K would make counters jump).
     * {@code from} is the sender the gossip endpoints authenticated (proposal 0004).
     */
    @Override
    public void onUntrustedRecord(BlobRecord record, Address from, String reason) {
        Counter named = untrusted.get(from.toString());
        if (named == null) {
            synchronized (untrusted) {
                String label = untrusted.size() < MAX_NAMED_SENDERS ? from.toString() : OTHER_SENDERS;
                named = untrusted.computeIfAbsent(label, f -> Counter.builder("gcdn_untrusted_records").tag("from", f)
                        .description("records from peers dropped: forged owner signature, or not the key owner's")
                        .register(registry));
            }
        }
        named.increment();
    }

    private volatile Supplier<Number> unauthorizedGossip = () -> 0;

    /** Reads the transport's count of gossip refused by cluster auth, also as a gauge. */
    void unauthorizedGossip(Supplier<Number> count) {
        this.unauthorizedGossip = count;
        io.micrometer.core.instrument.FunctionCounter.builder("gcdn_gossip_unauthorized_requests", count, c -> c.get().doubleValue())
                .description("inbound gossip refused by cluster auth (wrong key, replay)").register(registry);
    }

    /** Inbound gossip requests refused by cluster authentication so far. */
    long unauthorizedGossip() {
        return unauthorizedGossip.get().longValue();
    }

    /** Untrusted records dropped so far, by the member that sent them. */
    Map<String, Long> untrustedBySender() {
        Map<String, Long> out = new TreeMap<>();
        untrusted.forEach((from, c) -> out.put(from, (long) c.count()));
        return out;
    }

    @Override
    public void onContentMismatch(BlobRecord record) {
        mismatches.increment();
    }

    @Override
    public void onMessage(String type, boolean outbound) {
        String key = type + (outbound ? ":out" : ":in");
        messages.computeIfAbsent(key, k -> Counter.builder("gcdn_gossip_messages").tag("type", type)
                .tag("direction", outbound ? "out" : "in").description("gossip messages").register(registry)).increment();
    }
}
