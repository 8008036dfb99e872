package org.gossipcdn.core.spi;

import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.version.Sha256;

/**
 * The node side of a {@link Transport}: what inbound calls are handed to.
 *
 * <p>Threading: callable from any thread (the transport's); {@link #handle} hops onto the
 * node's loop and never blocks. {@link #openContent} reads the store directly.
 */
public interface MessageHandler {

    /** Handles one inbound request; the future completes with its response. */
    CompletableFuture<GossipMessage> handle(GossipMessage request);

    /** The content with this hash, if this node holds it; the caller closes the stream. */
    Optional<InputStream> openContent(Sha256 hash);
}
