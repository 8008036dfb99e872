package org.gossipcdn.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, defect 4: a node whose HLC ran ahead of its wall clock (it saw a peer 30 s fast) must
 * not stamp versions below its own earlier ones after a restart. The HLC keeps a ceiling on disk.
 */
class HlcRestartTest {

    @Test
    void aRestartedClockIssuesStampsAboveEveryStampIssuedOrObservedBeforeTheRestart() {
        ManualClock wall = new ManualClock(1_000_000);
        List<Long> saved = new ArrayList<>();
        HlcClock before = new HlcClock(wall, Duration.ofSeconds(60), 0, saved::add);
        before.tick();
        assertThat(before.observe(new Hlc(wall.wall + 30_000, 7))).isTrue(); // a peer 30 s fast: accepted
        Hlc issuedBefore = before.tick();
        assertThat(issuedBefore.wallMillis()).isEqualTo(1_030_000);

        long ceiling = saved.get(saved.size() - 1);
        HlcClock after = new HlcClock(wall, Duration.ofSeconds(60), ceiling, saved::add); // restart, same wall
        Hlc issuedAfter = after.tick();

        assertThat(issuedAfter).isGreaterThan(issuedBefore);
        assertThat(after.last()).isGreaterThan(issuedBefore);
    }

    @Test
    void theCeilingIsSavedBeforeAStampBeyondItIsHandedOut() {
        ManualClock wall = new ManualClock(5_000);
        List<Long> saved = new ArrayList<>();
        HlcClock clock = new HlcClock(wall, Duration.ofSeconds(60), 0, saved::add);
        for (int i = 0; i < 50; i++) {
            wall.wall += 97;
            Hlc t = clock.tick();
            assertThat(saved).isNotEmpty();
            assertThat(t.wallMillis()).isLessThan(saved.get(saved.size() - 1));
        }
        // one save per lease, not one per tick
        assertThat(saved.size()).isLessThan(10);
    }

    @Test
    void restartingAgainAndAgainWithoutWritesDoesNotPushTheClockAhead() {
        ManualClock wall = new ManualClock(5_000);
        List<Long> saved = new ArrayList<>();
        saved.add(0L);
        for (int i = 0; i < 20; i++) {
            new HlcClock(wall, Duration.ofSeconds(60), saved.get(saved.size() - 1), saved::add);
        }
        assertThat(saved).containsExactly(0L);
    }
}
