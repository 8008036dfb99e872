package org.gossipcdn.node;

import java.time.Duration;

/**
 * What one node grants its clients (public API only; gossip between members is not limited here).
 * The defaults are the flags' defaults in {@code NodeOptions}.
 *
 * @param requestsPerSecond per client address, a token bucket with a burst of twice this; 0 = no limit (429 past it)
 * @param uploadsPerClient concurrent PUT/POST bodies per client address (429 past it)
 * @param maxConcurrentRequests API requests in progress at once; as many more wait in a queue, the rest get 503
 * @param maxConnections open connections; past it the node stops accepting until some close (they wait in the backlog)
 * @param headerTimeout a request's line and headers must arrive within this (else the connection is closed)
 * @param bodyIdleTimeout an upload that sends nothing for this long is cut off (408)
 * @param minUploadBytesPerSecond after {@code bodyIdleTimeout}, an upload slower than this on average is cut off (408)
 */
public record Limits(int requestsPerSecond, int uploadsPerClient, int maxConcurrentRequests, int maxConnections,
                     Duration headerTimeout, Duration bodyIdleTimeout, long minUploadBytesPerSecond) {

    public Limits {
        if (requestsPerSecond < 0 || uploadsPerClient < 1 || maxConcurrentRequests < 1 || maxConnections < 1
                || minUploadBytesPerSecond < 0) {
            throw new IllegalArgumentException("limits must be positive (rate-limit and min-upload-rate may be 0), were "
                    + this);
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyIdleTimeout.isNegative() || bodyIdleTimeout.isZero()) {
            throw new IllegalArgumentException("header and body timeouts must be > 0");
        }
    }
}
