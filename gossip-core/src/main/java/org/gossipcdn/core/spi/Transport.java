package org.gossipcdn.core.spi;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.version.Sha256;

/**
 * How a node reaches its peers: asynchronous request/response of {@link GossipMessage}s and a
 * by-hash content fetch. Implementations: {@code SimTransport} (virtual network) and
 * {@code HttpTransport} (JSON over HTTP).
 *
 * <p>Threading: callable from any thread; never blocks the caller. Futures may complete on
 * any thread; the node hops back onto its own loop. Failure: a future that completes
 * exceptionally or never completes means "no answer" — ordinary protocol input, not an error.
 * The node applies its own timeouts through its {@link Scheduler}; implementations should
 * still bound every call so that nothing leaks.
 */
public interface Transport {

    /** Sends {@code message} to the node at {@code to}; completes with its response. */
    CompletableFuture<GossipMessage> request(Address to, GossipMessage message);

    /**
     * Opens the content with {@code hash} held by the node at {@code from}. The stream is not yet
     * verified: the store checks the bytes against the hash while it writes them. The caller closes it.
     */
    CompletableFuture<InputStream> fetchContent(Address from, Sha256 hash);

    /**
     * Installs the receiver of inbound calls. Called once, before any message arrives.
     */
    void bind(MessageHandler handler);
}
