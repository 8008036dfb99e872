package org.gossipcdn.core.message;

/** A message that answers a {@link Request}. */
public sealed interface Response extends GossipMessage
        permits Ack, Nack, PushPull, DigestReply, Records, HasReply, KeyDigests, PushReply {
}
