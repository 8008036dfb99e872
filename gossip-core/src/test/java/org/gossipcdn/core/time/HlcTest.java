package org.gossipcdn.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HLC's bounds, text form and drift limit, at their edges. */
class HlcTest {

    @Test
    void fieldsOutsideTheirBitsAreRefused() {
        assertThat(new Hlc(0, 0)).isEqualTo(Hlc.ZERO);
        assertThat(new Hlc((1L << 48) - 1, 65_535).wallMillis()).isEqualTo(Hlc.MAX_WALL);
        assertThatThrownBy(() -> new Hlc(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wallMillis").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Hlc(1L << 48, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wallMillis");
        assertThatThrownBy(() -> new Hlc(0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counter").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Hlc(0, 65_536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counter").hasMessageContaining("65536");
    }

    @Test
    void textFormIsWallDotCounter() {
        assertThat(new Hlc(1_700_000_000_123L, 7)).hasToString("1700000000123.7");
        assertThat(Hlc.parse("1700000000123.7")).isEqualTo(new Hlc(1_700_000_000_123L, 7));
        assertThat(Hlc.parse("5.0")).isEqualTo(new Hlc(5, 0));
        assertThatThrownBy(() -> Hlc.parse("17")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wallMillis.counter");
        assertThatThrownBy(() -> Hlc.parse(".7")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wallMillis.counter");
        assertThatThrownBy(() -> Hlc.parse("1.x")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void theMaxOfEqualStampsIsThatStamp() {
        Hlc a = new Hlc(10, 3);
        assertThat(Hlc.max(a, new Hlc(10, 3))).isEqualTo(a);
        assertThat(Hlc.max(new Hlc(9, 65_535), a)).isSameAs(a);
        assertThat(Hlc.max(a, new Hlc(10, 4))).isEqualTo(new Hlc(10, 4));
    }

    @Test
    void aRemoteStampExactlyMaxDriftAheadIsTakenOneMillisecondMoreIsRefused() {
        ManualClock wall = new ManualClock(100_000);
        HlcClock clock = new HlcClock(wall, Duration.ofSeconds(60));
        assertThat(clock.isTooFarAhead(new Hlc(160_000, 65_535))).isFalse();
        assertThat(clock.isTooFarAhead(new Hlc(160_001, 0))).isTrue();
        assertThat(clock.observe(new Hlc(160_001, 0))).isFalse();
        assertThat(clock.last()).as("a refused stamp is not folded in").isEqualTo(Hlc.ZERO);
        assertThat(clock.observe(new Hlc(160_000, 5))).isTrue();
        assertThat(clock.last()).isEqualTo(new Hlc(160_000, 5));
        assertThat(clock.tick()).isEqualTo(new Hlc(160_000, 6));
    }

    @Test
    void anOlderObservedStampNeverMovesTheClockBack() {
        ManualClock wall = new ManualClock(5_000);
        HlcClock clock = new HlcClock(wall, Duration.ofSeconds(1));
        Hlc t = clock.tick();
        assertThat(t).isEqualTo(new Hlc(5_000, 0));
        assertThat(clock.observe(new Hlc(4_000, 9))).isTrue();
        assertThat(clock.last()).isEqualTo(t);
        assertThat(clock.wallMillis()).isEqualTo(5_000);
    }

    @Test
    void theCounterCarriesIntoTheWallWhenFull() {
        ManualClock wall = new ManualClock(7);
        HlcClock clock = new HlcClock(wall, Duration.ofSeconds(1));
        assertThat(clock.observe(new Hlc(7, 65_534))).isTrue();
        assertThat(clock.tick()).isEqualTo(new Hlc(7, 65_535));
        assertThat(clock.tick()).isEqualTo(new Hlc(8, 0));
        assertThat(clock.tick()).isEqualTo(new Hlc(8, 1));
        wall.wall = 9;
        assertThat(clock.tick()).isEqualTo(new Hlc(9, 0));
    }

    @Test
    void aClockAndADriftAreRequired() {
        assertThatThrownBy(() -> new HlcClock(null, Duration.ofSeconds(1))).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clock");
        assertThatThrownBy(() -> new HlcClock(new ManualClock(0), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("maxClockDrift");
    }

    @Test
    void theSystemClockAddsItsOffset() {
        long before = System.currentTimeMillis();
        long shifted = new SystemClock(3_600_000).wallMillis();
        long after = System.currentTimeMillis();
        assertThat(shifted).isBetween(before + 3_600_000, after + 3_600_000);
        long plainBefore = System.currentTimeMillis();
        long plain = new SystemClock().wallMillis();
        assertThat(plain).isBetween(plainBefore, System.currentTimeMillis());
        long n0 = System.nanoTime();
        long n = new SystemClock(5).monotonicNanos();
        assertThat(n).isBetween(n0, System.nanoTime());
    }
}
