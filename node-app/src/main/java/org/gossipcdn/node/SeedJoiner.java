package org.gossipcdn.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.identity.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a node through its configured seeds and bootstraps, resolving each name anew on every
 * attempt ({@link SeedResolver}: a DNS name with three A records is three seeds), and tries again
 * every {@code retry} until the node has joined. So a node started before its seeds, or seeded by a
 * Kubernetes headless Service whose records appear as pods start, joins once any of them answers.
 */
final class SeedJoiner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SeedJoiner.class);

    private final List<Address> configured;
    private final SeedResolver resolver;
    private final GossipNode node;
    private final Duration retry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "seed-joiner");
        t.setDaemon(true);
        return t;
    });

    SeedJoiner(List<Address> configured, SeedResolver resolver, GossipNode node, Duration retry) {
        this.configured = List.copyOf(configured);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.node = Objects.requireNonNull(node, "node");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * Every address behind the configured seeds now; a name that does not resolve stays as it is
     * (the join through it fails, and the next attempt resolves it again).
     */
    List<Address> resolve() {
        Set<Address> out = new LinkedHashSet<>();
        for (Address seed : configured) {
            List<Address> resolved = resolver.resolve(seed);
            out.addAll(resolved.isEmpty() ? List.of(seed) : resolved);
        }
        return new ArrayList<>(out);
    }

    /** Schedules the retries; the first join is the node's start with {@link #resolve()}. */
    void start() {
        if (!configured.isEmpty()) {
            timer.schedule(this::retryIfNotJoined, retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retryIfNotJoined() {
        try {
            if (node.readiness().get(10, TimeUnit.SECONDS).joined()) {
                return;
            }
            List<Address> seeds = resolve();
            LOG.info("not joined yet; trying the seeds again: {}", seeds);
            node.join(seeds).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.debug("join attempt failed: {}", e.toString());
        }
        timer.schedule(this::retryIfNotJoined, retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
