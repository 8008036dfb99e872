package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the content-gc thread runs, and when what it freed pays for a compaction. */
class ContentCollectorTest {

    @Test
    void runsEveryHalfDelayWithinBounds() {
        assertThat(ContentCollector.interval(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(1));
        assertThat(ContentCollector.interval(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(ContentCollector.interval(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void compactsOnceTheFreedBytesReach64MibAndAQuarterOfWhatIsLeft() {
        long mib = 1 << 20;
        assertThat(ContentCollector.shouldCompact(63 * mib, 0)).isFalse();
        assertThat(ContentCollector.shouldCompact(64 * mib, mib)).isTrue();
        assertThat(ContentCollector.shouldCompact(100 * mib, 400 * mib)).isTrue();
        assertThat(ContentCollector.shouldCompact(100 * mib, 401 * mib)).isFalse();
    }
}
