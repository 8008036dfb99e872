package org.gossipcdn.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * HLC laws: ticks strictly increase whatever the wall clock does; a tick after observing exceeds
 * it; a tick is exactly the least timestamp allowed. The oracles are arithmetic on wall × 2^16 +
 * counter, never {@link Hlc#compareTo} or {@link Hlc#packed} themselves.
 */
class HlcProperties {

    /** The greatest wall time whose packed stamp is still a positive long: 2^47 - 1 (year 6429). */
    private static final long BELOW_SIGN_BIT = (1L << 47) - 1;

    /** A wall clock that replays a script of readings, which may go backwards or stand still. */
    private static final class ScriptedClock implements Clock {
        private final List<Long> readings;
        private int next;

        ScriptedClock(List<Long> readings) {
            this.readings = readings;
        }

        @Override
        public long wallMillis() {
            return readings.get(Math.min(next++, readings.size() - 1));
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }
    }

    @Property
    void ticksStrictlyIncrease(@ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 1_000_000) Long> wall) {
        HlcClock clock = new HlcClock(new ScriptedClock(wall), Duration.ofMinutes(1));
        Hlc previous = null;
        for (int i = 0; i < wall.size(); i++) {
            Hlc t = clock.tick();
            if (previous != null) {
                assertThat(t).isGreaterThan(previous);
            }
            previous = t;
        }
    }

    @Property
    void aTickAfterObservingExceedsWhatWasObserved(@ForAll @LongRange(min = 0, max = 1_000_000) long local,
                                                   @ForAll @LongRange(min = 0, max = 1_059_999) long remoteWall,
                                                   @ForAll @LongRange(min = 0, max = 65535) long counter) {
        HlcClock clock = new HlcClock(new ScriptedClock(List.of(local)), Duration.ofSeconds(60));
        Hlc remote = new Hlc(remoteWall, (int) counter);
        boolean accepted = clock.observe(remote);
        assertThat(accepted).isEqualTo(remoteWall - local <= 60_000);
        if (accepted) {
            assertThat(clock.tick()).isGreaterThan(remote);
        }
    }

    /**
     * The packed long is wall × 2^16 + counter read as an unsigned number (HlcOrderTest checks the
     * order against the same arithmetic), exactly at the edges of both fields.
     */
    @Property
    void packingIsExactAtTheEdges(@ForAll("edges") long w, @ForAll("counterEdges") long c) {
        Hlc h = new Hlc(w, (int) c);
        assertThat(new BigInteger(Long.toUnsignedString(h.packed()))).isEqualTo(asNumber(w, c));
        assertThat(Hlc.unpack(h.packed())).isEqualTo(h);
        assertThat(Hlc.parse(h.toString())).isEqualTo(h);
    }

    @Provide
    Arbitrary<Long> edges() {
        return Arbitraries.of(0L, 1L, 65_535L, 65_536L, BELOW_SIGN_BIT, BELOW_SIGN_BIT + 1, Hlc.MAX_WALL, 1_767_225_600_000L);
    }

    @Provide
    Arbitrary<Long> counterEdges() {
        return Arbitraries.of(0L, 1L, 255L, 256L, 32_767L, 32_768L, 65_534L, 65_535L);
    }

    /**
     * The HLC tick rule (Kulkarni et al.) as arithmetic on the timestamps as numbers: a tick is the
     * least timestamp that exceeds every timestamp issued or observed before and is not behind the
     * wall clock, i.e. max(last + 1, now * 2^16) where last is wall * 2^16 + counter.
     */
    @Property
    void aTickIsTheLeastTimestampAfterEverythingSeenAndNotBehindTheWallClock(
            @ForAll @Size(min = 1, max = 60) List<@LongRange(min = 0, max = 50) Long> steps,
            @ForAll @Size(min = 1, max = 60) List<@LongRange(min = 0, max = 3) Integer> kinds,
            @ForAll @LongRange(min = 0, max = 65535) long remoteCounter) {
        long[] now = {1_000};
        Clock wall = new Clock() {
            @Override
            public long wallMillis() {
                return now[0];
            }

            @Override
            public long monotonicNanos() {
                return 0;
            }
        };
        HlcClock clock = new HlcClock(wall, Duration.ofSeconds(60));
        BigInteger seen = BigInteger.ZERO; // the clock starts at Hlc.ZERO
        for (int i = 0; i < steps.size(); i++) {
            int kind = kinds.get(i % kinds.size());
            long step = steps.get(i);
            if (kind == 0) {
                now[0] += step;                       // the wall clock moves on
            } else if (kind == 1) {
                now[0] = Math.max(0, now[0] - step);  // or jumps back
            } else if (kind == 2) {
                Hlc remote = new Hlc(now[0] + step, (int) remoteCounter);
                assertThat(clock.observe(remote)).isTrue();
                seen = seen.max(asNumber(remote.wallMillis(), remote.counter()));
                assertThat(asNumber(clock.last().wallMillis(), clock.last().counter())).isEqualTo(seen);
                continue;
            }
            Hlc t = clock.tick();
            BigInteger expected = seen.add(BigInteger.ONE).max(asNumber(now[0], 0));
            assertThat(asNumber(t.wallMillis(), t.counter())).as("tick %d at wall %d", i, now[0]).isEqualTo(expected);
            seen = expected;
        }
    }

    private static BigInteger asNumber(long wall, long counter) {
        return BigInteger.valueOf(wall).shiftLeft(16).add(BigInteger.valueOf(counter));
    }
}
