package org.gossipcdn.transport.http;

import java.util.Optional;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Graft;
import org.gossipcdn.core.message.IHave;
import org.gossipcdn.core.message.Push;
import org.gossipcdn.core.message.PushPull;
import org.gossipcdn.core.message.RecordsPush;
import org.gossipcdn.core.message.Rumor;

/**
 * The sender address a message names in its body, for the messages whose records or members the
 * receiver attributes to that sender (rumor, records-push, push-pull, and the broadcast tree's push,
 * ihave and graft, whose sender becomes a tree neighbour and the source of content fetches). The client puts it into the
 * MAC-covered {@value ClusterAuth#HEADER_SENDER} header; the endpoints refuse a body naming anyone else.
 */
final class Senders {

    private Senders() {
    }

    static Optional<Address> of(GossipMessage message) {
        return switch (message) {
            case Rumor r -> Optional.of(r.from());
            case RecordsPush p -> Optional.of(p.from());
            case PushPull p -> Optional.of(p.from().address());
            case Push p -> Optional.of(p.address());
            case IHave h -> Optional.of(h.address());
            case Graft g -> Optional.of(g.address());
            default -> Optional.empty();
        };
    }
}
