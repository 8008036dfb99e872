package org.gossipcdn.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * HLC order against an oracle that shares nothing with {@link Hlc#compareTo}: the number
 * wall × 65536 + counter as a BigInteger (issue 11, defect 8: wall values ≥ 2^47 sorted below
 * everything when the packed long was compared signed).
 */
class HlcOrderTest {

    private static BigInteger asNumber(long wall, long counter) {
        return BigInteger.valueOf(wall).shiftLeft(16).add(BigInteger.valueOf(counter));
    }

    @Test
    void aWallAtOrAbove2To47IsLaterThanSmallerWalls() {
        assertThat(new Hlc(1L << 47, 0)).isGreaterThan(new Hlc(1, 0));
        assertThat(new Hlc(Hlc.MAX_WALL, Hlc.MAX_COUNTER)).isGreaterThan(new Hlc((1L << 47) - 1, Hlc.MAX_COUNTER));
    }

    @Property
    void orderIsTheOrderOfWallThenCounter(@ForAll @LongRange(min = 0, max = Hlc.MAX_WALL) long w1,
                                          @ForAll @LongRange(min = 0, max = 65535) long c1,
                                          @ForAll @LongRange(min = 0, max = Hlc.MAX_WALL) long w2,
                                          @ForAll @LongRange(min = 0, max = 65535) long c2) {
        int expected = asNumber(w1, c1).compareTo(asNumber(w2, c2));
        assertThat(Integer.signum(new Hlc(w1, (int) c1).compareTo(new Hlc(w2, (int) c2)))).isEqualTo(Integer.signum(expected));
        assertThat(Hlc.unpack(new Hlc(w1, (int) c1).packed())).isEqualTo(new Hlc(w1, (int) c1));
    }
}
