package org.gossipcdn.core.message;

/**
 * Every message nodes exchange: a {@link Request} (each names its {@link Response} type) or a
 * response ({@link PushPull} is both). Handlers switch exhaustively over the requests.
 *
 * <p>{@link #type()} is the wire name (the {@code {type}} of {@code POST /gossip/v1/{type}}).
 * Wire names are append-only: never rename or reuse one. {@link #PROTOCOL_VERSION} travels with
 * every call and changes only with an incompatible encoding.
 */
public sealed interface GossipMessage permits Request, Response {

    int PROTOCOL_VERSION = 2;

    /** The append-only wire name of this message type. */
    String type();
}
