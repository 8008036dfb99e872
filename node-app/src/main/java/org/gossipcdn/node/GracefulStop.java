package org.gossipcdn.node;

import io.undertow.Undertow;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.GossipNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutdown order of a server process (node or bootstrap): tell peers we leave, stop taking
 * requests and finish those in flight, stop the server, then close what remains in order
 * (transport, loop, store). Each step is bounded; a failing step is logged and the next runs.
 */
public final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private GracefulStop() {
    }

    public static void run(GossipNode node, GracefulShutdownHandler requests, Duration drain, Undertow server,
                           AutoCloseable... rest) {
        try {
            node.leave().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.info("leave did not complete: {}", e.toString());
        }
        requests.shutdown();
        try {
            if (!requests.awaitShutdown(drain.toMillis())) {
                LOG.warn("requests still running after {} s; stopping anyway", drain.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        for (AutoCloseable c : rest) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", c, e);
            }
        }
    }
}
