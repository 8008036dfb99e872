package org.gossipcdn.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;
import org.junit.jupiter.api.Test;

class KeyStateTest {

    private static final UUID KEY = new UUID(1, 2);
    private static final NodeId A = new NodeId(0, 1);
    private static final NodeId B = new NodeId(0, 2);

    private static BlobRecord write(NodeId node, long wall, CausalContext seen, int content) {
        return new BlobRecord(KEY, new Version(new Hlc(wall, 0), node), false,
                Sha256.of(new byte[] {(byte) content}), 1, "text/plain", seen);
    }

    @Test
    void anOverwriteReplacesWhatTheWriterSaw() {
        BlobRecord first = write(A, 100, CausalContext.EMPTY, 1);
        BlobRecord second = write(B, 200, KeyState.of(first).contextForNextWrite(), 2);
        KeyState state = KeyState.of(first).merge(second, 9);
        assertThat(state.heads()).containsExactly(second);
        assertThat(state.knows(first.version())).isTrue();
    }

    @Test
    void concurrentWritesKeepTheLoserVisible() {
        BlobRecord a = write(A, 100, CausalContext.EMPTY, 1);
        BlobRecord b = write(B, 200, CausalContext.EMPTY, 2);
        KeyState state = KeyState.of(a).merge(b, 9);
        assertThat(state.winner()).isEqualTo(b);
        assertThat(state.losers()).containsExactly(a);
    }

    @Test
    void equalHlcsAreOrderedByNodeThenContentHash() {
        BlobRecord a = write(A, 100, CausalContext.EMPTY, 1);
        BlobRecord b = write(B, 100, CausalContext.EMPTY, 1);
        assertThat(KeyState.of(a).merge(b, 9).winner()).isEqualTo(b);
        assertThat(KeyState.of(b).merge(a, 9).winner()).isEqualTo(b);
    }

    @Test
    void aTombstoneWinsLikeAnyWriteAndConcurrentWritesSurviveIt() {
        BlobRecord put = write(A, 100, CausalContext.EMPTY, 1);
        BlobRecord concurrent = write(B, 150, CausalContext.EMPTY, 2);
        BlobRecord delete = BlobRecord.tombstone(KEY, new Version(new Hlc(200, 0), A),
                KeyState.of(put).contextForNextWrite());
        KeyState state = KeyState.of(put).merge(delete, 9).merge(concurrent, 9);
        assertThat(state.isDeleted()).isTrue();
        assertThat(state.losers()).containsExactly(concurrent);
    }

    @Test
    void theCapKeepsTheGreatestHeads() {
        KeyState state = KeyState.of(write(A, 1, CausalContext.EMPTY, 1));
        for (int i = 2; i <= 5; i++) {
            state = state.merge(write(new NodeId(0, i), i, CausalContext.EMPTY, i), 3);
        }
        assertThat(state.heads()).extracting(r -> r.version().hlc().wallMillis()).containsExactly(5L, 4L, 3L);
    }

    @Test
    void losersExpireButTheWinnerStays() {
        BlobRecord old = write(A, 100, CausalContext.EMPTY, 1);
        BlobRecord recent = write(B, 300, CausalContext.EMPTY, 2);
        KeyState state = KeyState.of(old).merge(recent, 9);
        assertThat(state.withoutLosersBefore(200).heads()).containsExactly(recent);
        assertThat(KeyState.of(old).withoutLosersBefore(1_000).heads()).containsExactly(old);
    }

    @Test
    void statesOfDifferentKeysDoNotMerge() {
        BlobRecord other = new BlobRecord(new UUID(9, 9), new Version(new Hlc(1, 0), A), false, Sha256.EMPTY, 0,
                "text/plain", CausalContext.EMPTY);
        assertThatThrownBy(() -> KeyState.of(write(A, 1, CausalContext.EMPTY, 1)).merge(KeyState.of(other), 9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot merge key");
    }

    @Test
    void recordsValidateTheirFields() {
        assertThatThrownBy(() -> new BlobRecord(KEY, new Version(Hlc.ZERO, A), true, Sha256.of(new byte[] {1}), 1,
                "x/y", CausalContext.EMPTY)).hasMessageContaining("tombstone has no content");
        assertThatThrownBy(() -> new BlobRecord(KEY, new Version(Hlc.ZERO, A), false, Sha256.EMPTY, -1, "x/y",
                CausalContext.EMPTY)).hasMessageContaining("size must be >= 0");
        assertThatThrownBy(() -> new KeyState(KEY, List.of())).hasMessageContaining("at least one record");
    }

    @Test
    void versionsRoundTripThroughText() {
        Version v = new Version(new Hlc(1_700_000_000_123L, 7), new NodeId(0x0123456789abcdefL, 42));
        assertThat(Version.parse(v.toString())).isEqualTo(v);
        Sha256 h = Sha256.of(new byte[] {1, 2, 3});
        assertThat(Sha256.parse(h.toString())).isEqualTo(h);
        assertThat(h.toString()).isEqualTo("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
    }
}
