package org.gossipcdn.core.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The judge of nodes' final states against hand-made expectations, one failure kind per test. */
class VerdictTest {

    static final UUID KEY = new UUID(1, 2);
    static final String A = "0000000000000000000000000000000a";
    static final String B = "0000000000000000000000000000000b";
    static final long T0 = 1_767_225_600_000L;
    static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final ReferenceModel MODEL = new ReferenceModel(new Rules(3, Duration.ofSeconds(100), Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofDays(7)));

    final Write loser = write(A, 1, false, "aa");
    final Write winner = write(B, 2, false, "bb");
    final Write del = new Write(KEY, new Stamp(new Tick(T0 + 3, 0), A), true, EMPTY,
            Map.of(A, new Tick(T0 + 1, 0), B, new Tick(T0 + 2, 0)), null, 3);

    static Write write(String writer, long wall, boolean tombstone, String content) {
        return new Write(KEY, new Stamp(new Tick(T0 + wall, 0), writer), tombstone, content, Map.of(), null, wall);
    }

    static Verdict judge(List<Write> history, long now, Map<String, List<Head>> nodes) {
        Map<String, Map<UUID, List<Head>>> finals = new LinkedHashMap<>();
        nodes.forEach((n, heads) -> finals.put(n, new TreeMap<>(Map.of(KEY, heads))));
        return Verdict.judge(history.size(), MODEL.expect(history, T0 + now), finals);
    }

    @Test
    void nodesHoldingWhatTheModelSaysPass() {
        Verdict v = judge(List.of(loser, winner), 5, Map.of("n1", List.of(winner.head(), loser.head()),
                "n2", List.of(winner.head(), loser.head())));
        assertThat(v.fields()).containsEntry("lost_writes", 0).containsEntry("diverged_keys", 0)
                .containsEntry("resurrected", 0).containsEntry("kept_expired_not_dropped", 0).containsEntry("acked_writes", 2);
        assertThat(v.examples()).isEmpty();
    }

    @Test
    void aMissingKeptLoserIsLost() {
        Verdict v = judge(List.of(loser, winner), 5, Map.of("n1", List.of(winner.head(), loser.head()),
                "n2", List.of(winner.head())));
        assertThat(v.lostWrites()).isEqualTo(1);
        assertThat(v.divergedKeys()).isEqualTo(1);
    }

    @Test
    void aLiveKeyMissingOnANodeIsLost() {
        Verdict v = judge(List.of(winner), 5, Map.of("n1", List.of(winner.head()), "n2", List.of()));
        assertThat(v.lostWrites()).isEqualTo(1);
    }

    @Test
    void aDeletedKeyMayBeAbsentOrHeldAsItsTombstoneButNotServed() {
        List<Write> history = List.of(loser, winner, del);
        assertThat(judge(history, 5, Map.of("n1", List.of(), "n2", List.of(del.head()))).resurrected()).isZero();
        Verdict back = judge(history, 5, Map.of("n1", List.of(), "n2", List.of(winner.head(), loser.head())));
        assertThat(back.resurrected()).isEqualTo(1);
    }

    @Test
    void aWrongWinnerOrAnOverwrittenVersionKeptIsDivergence() {
        assertThat(judge(List.of(loser, winner), 5, Map.of("n1", List.of(loser.head(), winner.head()))).divergedKeys())
                .isEqualTo(1);
        Write overwrite = new Write(KEY, new Stamp(new Tick(T0 + 9, 0), A), false, "cc",
                Map.of(A, new Tick(T0 + 1, 0), B, new Tick(T0 + 2, 0)), null, 9);
        Verdict kept = judge(List.of(loser, winner, overwrite), 10, Map.of("n1", List.of(overwrite.head(), winner.head())));
        assertThat(kept.divergedKeys()).isEqualTo(1);
        assertThat(kept.lostWrites()).isZero();
    }

    @Test
    void aRecordNobodyAcknowledgedIsDivergence() {
        Head forged = new Head(new Stamp(new Tick(T0 + 50, 0), A), false, "ff");
        Verdict v = judge(List.of(winner), 5, Map.of("n1", List.of(forged, winner.head())));
        assertThat(v.divergedKeys()).isEqualTo(1);
    }

    @Test
    void anExpiredLoserStillHeldIsCountedAndAYoungOneIsRequired() {
        Map<String, List<Head>> both = Map.of("n1", List.of(winner.head(), loser.head()));
        assertThat(judge(List.of(loser, winner), 200_000, both).keptExpiredNotDropped()).isEqualTo(1);
        assertThat(judge(List.of(loser, winner), 100_000, both).keptExpiredNotDropped()).isZero();
        assertThat(judge(List.of(loser, winner), 200_000, Map.of("n1", List.of(winner.head()))).lostWrites()).isZero();
    }
}
