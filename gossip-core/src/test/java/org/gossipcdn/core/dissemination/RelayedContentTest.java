package org.gossipcdn.core.dissemination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.gossipcdn.core.message.InlineContent;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.Test;

/** What a node keeps to pass on: only bytes that hash to their name, within a byte budget, oldest out first. */
class RelayedContentTest {

    private static InlineContent honest(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new InlineContent(Sha256.of(b), b);
    }

    @Test
    void keepsBytesThatHashToTheirNameAndGivesThemBackAtTheirSizeOnly() {
        RelayedContent relayed = new RelayedContent(1024);
        InlineContent c = honest("hello");
        assertThat(relayed.keep(c)).isTrue();
        assertThat(relayed.get(c.hash(), 5)).hasValueSatisfying(b -> assertThat(b).isEqualTo(c.bytes()));
        assertThat(relayed.get(c.hash(), 4)).isEmpty();
        assertThat(relayed.get(Sha256.of(new byte[] {1}), 1)).isEmpty();
        assertThat(relayed.bytes()).isEqualTo(5);
    }

    @Test
    void refusesBytesThatDoNotHashToTheirName() {
        RelayedContent relayed = new RelayedContent(1024);
        InlineContent forged = new InlineContent(Sha256.of("wanted".getBytes(StandardCharsets.UTF_8)),
                "forged".getBytes(StandardCharsets.UTF_8));
        assertThat(relayed.keep(forged)).isFalse();
        assertThat(relayed.get(forged.hash(), 6)).isEmpty();
        assertThat(relayed.bytes()).isZero();
    }

    @Test
    void dropsTheOldestOnceOverBudgetAndRefusesWhatCannotFit() {
        RelayedContent relayed = new RelayedContent(10);
        InlineContent a = honest("aaaa");
        InlineContent b = honest("bbbb");
        InlineContent c = honest("cccc");
        relayed.keep(a);
        relayed.keep(b);
        assertThat(relayed.bytes()).isEqualTo(8);
        relayed.keep(c); // 12 > 10: a, the oldest, goes
        assertThat(relayed.get(a.hash(), 4)).isEmpty();
        assertThat(relayed.get(b.hash(), 4)).isPresent();
        assertThat(relayed.get(c.hash(), 4)).isPresent();
        assertThat(relayed.bytes()).isEqualTo(8);
        assertThat(relayed.keep(honest("0123456789x"))).isFalse(); // larger than the whole budget
        assertThat(relayed.keep(honest("0123456789"))).isTrue(); // exactly the budget: kept, all else goes
        assertThat(relayed.bytes()).isEqualTo(10);
        assertThat(relayed.keep(b)).isTrue();
        assertThat(relayed.bytes()).isEqualTo(4);
        assertThatThrownBy(() -> new RelayedContent(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RelayedContent(0).keep(honest(""))).isTrue();
    }
}
