package org.gossipcdn.core.sim.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gossipcdn.core.sim.check.Expectation.Status.EXPIRED;
import static org.gossipcdn.core.sim.check.Expectation.Status.NOT_KEPT;
import static org.gossipcdn.core.sim.check.Expectation.Status.OPTIONAL;
import static org.gossipcdn.core.sim.check.Expectation.Status.REQUIRED;
import static org.gossipcdn.core.sim.check.Expectation.Status.WINNER;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reference model against hand-made histories, one rule of proposals 0001, 0003 and 0010 per
 * test. Every expected status is written out by hand, so a changed rule in the model fails here.
 */
class ReferenceModelTest {

    static final UUID KEY = new UUID(1, 2);
    static final String A = "0000000000000000000000000000000a";
    static final String B = "0000000000000000000000000000000b";
    static final String C = "0000000000000000000000000000000c";
    static final String D = "0000000000000000000000000000000d";
    static final long T0 = 1_767_225_600_000L;
    static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static final Rules RULES = new Rules(3, Duration.ofSeconds(100), Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(1000));
    static final ReferenceModel MODEL = new ReferenceModel(RULES);
    /** The same, with a retention far beyond the grace, for the purge rules. */
    static final ReferenceModel LONG_RETENTION = new ReferenceModel(new Rules(3, Duration.ofDays(365), Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ofSeconds(1000)));

    private long order;

    Write put(String writer, long wall, String content, Stamp... seen) {
        return write(writer, wall, false, content, null, seen);
    }

    Write delete(String writer, long wall, Stamp... seen) {
        return write(writer, wall, true, EMPTY, null, seen);
    }

    Write write(String writer, long wall, boolean tombstone, String content, Claim claim, Stamp... seen) {
        Map<String, Tick> ctx = new TreeMap<>();
        for (Stamp s : seen) {
            ctx.merge(s.writer(), s.tick(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
        }
        return new Write(KEY, new Stamp(new Tick(T0 + wall, 0), writer), tombstone, content, ctx, claim, order++);
    }

    static Expectation expect(long nowOffset, Write... writes) {
        return MODEL.expect(List.of(writes), T0 + nowOffset).get(KEY);
    }

    @Test
    void aSequentialOverwriteLeavesNoLoser() {
        Write first = put(A, 1, "aa");
        Write second = put(B, 2, "bb", first.version());
        Expectation e = expect(3, first, second);
        assertThat(e.winner()).isEqualTo(second);
        assertThat(e.status(first.version())).isEqualTo(NOT_KEPT);
        assertThat(e.required()).containsExactly(second.version());
    }

    @Test
    void twoConcurrentWritesAreBothKeptAndTheGreaterWins() {
        Write early = put(B, 1, "aa");
        Write late = put(A, 2, "bb");
        Expectation e = expect(3, late, early);
        assertThat(e.winner()).isEqualTo(late);
        assertThat(e.status(early.version())).isEqualTo(REQUIRED);
        assertThat(e.required()).containsExactly(late.version(), early.version());
    }

    @Test
    void onTheSameTickTheGreaterWriterIdWinsThenTheGreaterContentHash() {
        Write byA = put(A, 1, "ff");
        Write byB = put(B, 1, "00");
        assertThat(expect(2, byA, byB).winner()).isEqualTo(byB);
        Write same1 = put(C, 5, "01");
        Write same2 = new Write(KEY, same1.version(), false, "02", Map.of(), null, order++);
        assertThat(expect(6, same1, same2).winner()).isEqualTo(same2);
    }

    @Test
    void aContextCoversOnlyUpToItsTickForThatWriter() {
        Write old = put(A, 1, "aa");
        Write newer = put(A, 5, "bb", old.version());
        Write sawOnlyOld = put(B, 6, "cc", old.version()); // concurrent with newer
        Expectation e = expect(7, old, newer, sawOnlyOld);
        assertThat(e.winner()).isEqualTo(sawOnlyOld);
        assertThat(e.status(newer.version())).isEqualTo(REQUIRED);
        assertThat(e.status(old.version())).isEqualTo(NOT_KEPT);
    }

    @Test
    void aDeleteWithAGreaterVersionThanAConcurrentWriteDeletesAndKeepsTheWrite() {
        Write base = put(A, 1, "aa");
        Write write = put(B, 2, "bb", base.version());
        Write del = delete(C, 3, base.version());
        Expectation e = expect(4, base, write, del);
        assertThat(e.deleted()).isTrue();
        assertThat(e.winner()).isEqualTo(del);
        assertThat(e.status(write.version())).isEqualTo(REQUIRED);
        assertThat(e.status(base.version())).isEqualTo(NOT_KEPT);
    }

    @Test
    void aWriteAfterAConcurrentDeleteWinsAndKeepsTheDelete() {
        Write base = put(A, 1, "aa");
        Write del = delete(C, 2, base.version());
        Write write = put(B, 3, "bb", base.version());
        Expectation e = expect(4, base, del, write);
        assertThat(e.deleted()).isFalse();
        assertThat(e.winner()).isEqualTo(write);
        assertThat(e.status(del.version())).isEqualTo(REQUIRED);
    }

    @Test
    void theWinnerIsTheGreatestVersionEvenWhenAWriteWithASmallerOneClaimsToHaveSeenIt() {
        Write ahead = put(A, 50, "aa"); // an HLC that ran ahead, then forgotten by a restart
        Write behind = put(A, 10, "bb", ahead.version());
        Expectation e = expect(60, ahead, behind);
        assertThat(e.winner()).isEqualTo(ahead);
        assertThat(e.status(behind.version())).isEqualTo(REQUIRED);
    }

    @Test
    void onlyTheGreatestHeadsUpToTheCapAreRequired() {
        Write w1 = put(A, 1, "aa");
        Write w2 = put(B, 2, "bb");
        Write w3 = put(C, 3, "cc");
        Write w4 = put(D, 4, "dd");
        Expectation e = expect(5, w1, w2, w3, w4); // maxHeads 3: the winner and two losers
        assertThat(e.winner()).isEqualTo(w4);
        assertThat(e.status(w3.version())).isEqualTo(REQUIRED);
        assertThat(e.status(w2.version())).isEqualTo(REQUIRED);
        assertThat(e.status(w1.version())).isEqualTo(OPTIONAL);
    }

    @Test
    void aLoserIsRequiredBeforeRetentionMinusDriftAndExpiredAfterRetentionPlusDriftPlusASweep() {
        Write loser = put(A, 0, "aa");
        Write winner = put(B, 1, "bb");
        // retention 100 s, drift 10 s, sweep 5 s: required below 90 s of age, expired above 115 s
        assertThat(expect(89_999, loser, winner).status(loser.version())).isEqualTo(REQUIRED);
        assertThat(expect(90_000, loser, winner).status(loser.version())).isEqualTo(OPTIONAL);
        assertThat(expect(115_000, loser, winner).status(loser.version())).isEqualTo(OPTIONAL);
        assertThat(expect(115_001, loser, winner).status(loser.version())).isEqualTo(EXPIRED);
        assertThat(expect(10_000_000, loser, winner).status(winner.version())).isEqualTo(WINNER);
    }

    @Test
    void anOwnedKeyCountsOnlyTheRecordsOfTheLeastClaim() {
        Stamp firstOfB = new Stamp(new Tick(T0 + 1, 0), B);
        Stamp firstOfC = new Stamp(new Tick(T0 + 2, 0), C);
        Claim claimB = new Claim("bbbb", firstOfB);
        Claim claimC = new Claim("cccc", firstOfC);
        Write unsigned = put(A, 1, "00");
        Write ownerB = write(B, 1, false, "b1", claimB);
        Write ownerC = write(C, 2, false, "c1", claimC);
        Write ownerCLater = write(C, 9, false, "c2", claimC, ownerC.version());
        Write ownerBLater = write(B, 5, false, "b2", claimB);
        Expectation e = expect(10, unsigned, ownerB, ownerC, ownerCLater, ownerBLater);
        assertThat(e.winner()).isEqualTo(ownerBLater); // C wrote later, but B claimed first
        assertThat(e.status(ownerB.version())).isEqualTo(REQUIRED);
        assertThat(e.status(unsigned.version())).isEqualTo(NOT_KEPT);
        assertThat(e.status(ownerC.version())).isEqualTo(NOT_KEPT);
        assertThat(e.status(ownerCLater.version())).isEqualTo(NOT_KEPT);
    }

    @Test
    void aWriteLongerThanTheGraceAfterADeleteWithoutSeeingItStartsTheKeyAfresh() {
        Write base = put(A, 1, "aa");
        Write loser = put(C, 2, "cc");
        Write del = delete(B, 3, base.version());
        Write fresh = put(D, 3 + 1_000_001, "dd"); // grace 1000 s later, sees nothing: the key was purged
        Expectation e = LONG_RETENTION.expect(List.of(base, loser, del, fresh), T0 + 1_000_010).get(KEY);
        assertThat(e.winner()).isEqualTo(fresh);
        assertThat(e.status(del.version())).isEqualTo(OPTIONAL);
        assertThat(e.status(loser.version())).isEqualTo(OPTIONAL);
        assertThat(e.required()).containsExactly(fresh.version());
    }

    @Test
    void aWriteLongAfterADeleteThatSawItIsAnOrdinaryOverwrite() {
        Write base = put(A, 1, "aa");
        Write loser = put(C, 2, "cc");
        Write del = delete(B, 3, base.version());
        Write later = put(D, 3 + 1_000_001, "dd", base.version(), del.version()); // its node still held the delete
        Expectation e = LONG_RETENTION.expect(List.of(base, loser, del, later), T0 + 1_000_010).get(KEY);
        assertThat(e.winner()).isEqualTo(later);
        assertThat(e.status(del.version())).isEqualTo(NOT_KEPT);
        assertThat(e.status(loser.version())).isEqualTo(REQUIRED);
    }

    @Test
    void aWriteWithinTheGraceAfterADeleteIsAnOrdinaryConcurrentWrite() {
        Write base = put(A, 1, "aa");
        Write del = delete(B, 3, base.version());
        Write fresh = put(D, 3 + 999_000, "dd");
        Expectation e = LONG_RETENTION.expect(List.of(base, del, fresh), T0 + 999_010).get(KEY);
        assertThat(e.winner()).isEqualTo(fresh);
        assertThat(e.status(del.version())).isEqualTo(REQUIRED);
        assertThat(e.status(base.version())).isEqualTo(NOT_KEPT);
    }

    @Test
    void eachKeyIsJudgedOnItsOwn() {
        Write here = put(A, 1, "aa");
        Write elsewhere = new Write(new UUID(9, 9), new Stamp(new Tick(T0 + 2, 0), B), false, "bb", Map.of(), null, order++);
        var all = MODEL.expect(new ArrayList<>(List.of(here, elsewhere)), T0 + 3);
        assertThat(all).hasSize(2);
        assertThat(all.get(KEY).winner()).isEqualTo(here);
        assertThat(all.get(KEY).status(elsewhere.version())).isNull();
    }
}
