package org.gossipcdn.transport.http;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.*;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/** One realistic instance of every message type. */
final class Messages {

    private Messages() {
    }

    static final NodeId A = new NodeId(0x1234567890abcdefL, 42);
    static final Member MEMBER = new Member(A, new Address("10.0.0.1", 7001), Role.DATA, MemberStatus.SUSPECT, 3);
    static final BlobRecord RECORD = new BlobRecord(new UUID(1, 2), new Version(new Hlc(1_700_000_000_000L, 5), A), false,
            Sha256.of(new byte[] {1}), 1, "image/png", CausalContext.of(Map.of(new NodeId(0, 7), new Hlc(99, 1))));
    static final KeyState STATE = KeyState.of(RECORD);

    static List<GossipMessage> all() {
        return List.of(
                new Ping(A, new NodeId(3, 4), 1_700_000_000_000L, List.of(MEMBER)),
                new PingReq(A, MEMBER, List.of()),
                new Ack(1_700_000_000_001L, List.of(MEMBER)),
                new Nack("no ack"),
                new PushPull(MEMBER, true, 1_700_000_000_002L, List.of(MEMBER)),
                new Rumor(new Address("::1", 7002), List.of(RECORD), List.of(MEMBER)),
                new DigestQuery(2, List.of(1, 2, 3)),
                new DigestReply(true, List.of(new Digest(1, -1), Digest.ZERO)),
                new RecordsQuery(List.of(0, 65535)),
                new Records(true, List.of(STATE)),
                new RecordsPush(new Address("h", 1), List.of(STATE)),
                new HasQuery(new NodeId(7, 8), new UUID(5, 6), RECORD.version()),
                new HasReply(true, false, true, true),
                new KeyDigestsQuery(List.of(7, 8)),
                new KeyDigests(true, true, List.of(new KeyDigests.Entry(new UUID(1, 2), new Digest(3, 4)))),
                new StatesQuery(List.of(new UUID(1, 2))),
                new Push(A, new Address("10.0.0.1", 7001), List.of(RECORD),
                        List.of(new InlineContent(RECORD.contentHash(), new byte[] {1})), List.of(MEMBER), true),
                new PushReply(true, List.of(MEMBER)),
                new IHave(A, new Address("10.0.0.1", 7001), List.of(new RecordId(new UUID(1, 2), RECORD.version()))),
                new Graft(A, new Address("10.0.0.1", 7001), List.of(new RecordId(new UUID(1, 2), RECORD.version()))));
    }
}
