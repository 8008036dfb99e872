package org.gossipcdn.core.message;

/**
 * Every message nodes exchange. Requests go out through {@code Transport.request}; each has
 * one response type. Handlers switch exhaustively over this sealed family.
 *
 * <p>{@link #type()} is the wire name (the {@code {type}} of {@code POST /gossip/v1/{type}}).
 * Wire names are append-only: never rename or reuse one. {@link #PROTOCOL_VERSION} travels with
 * every call and changes only with an incompatible encoding.
 */
public sealed interface GossipMessage
        permits Ping, PingReq, Ack, Nack, PushPull, Rumor, DigestQuery, DigestReply,
                RecordsQuery, Records, RecordsPush, HasQuery, HasReply, KeyDigestsQuery, KeyDigests, StatesQuery {

    int PROTOCOL_VERSION = 2;

    /** The append-only wire name of this message type. */
    String type();
}
