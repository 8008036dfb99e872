package org.gossipcdn.core.message;

/**
 * A message that asks for an answer of type {@code R}; {@link Exchange#call} returns that type, so
 * the compiler checks what each caller gets back. Any request may instead be answered with a
 * {@link Nack}, which {@code Exchange} turns into a failed call.
 *
 * @param <R> the response this request is answered with
 */
public sealed interface Request<R extends Response> extends GossipMessage
        permits Ping, PingReq, PushPull, Rumor, DigestQuery, RecordsQuery, RecordsPush, HasQuery, KeyDigestsQuery,
                StatesQuery, Push, IHave, Graft {

    /** The type of the answer. */
    Class<R> responseType();
}
