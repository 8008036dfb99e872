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

    /** 3: members advertise capacity, {@code has-reply} says {@code stored}, push/ihave/graft (issues 13, 16). */
    int PROTOCOL_VERSION = 3;

    /** The append-only wire name of this message type. */
    String type();
}
