package org.gossipcdn.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** HLC laws: ticks strictly increase whatever the wall clock does; a tick after observing exceeds it. */
class HlcProperties {

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
}
