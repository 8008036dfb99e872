package org.gossipcdn.core.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SWIM override rule as a full table: every (incoming, current) status pair at i < j, i = j, i > j. */
class MemberTest {

    private static final NodeId ID = new NodeId(1, 1);
    private static final Address ADDRESS = new Address("h", 1);

    static Stream<Arguments> table() {
        // incoming, current, wins at i<j, i=j, i>j
        return Stream.of(
                Arguments.of(MemberStatus.ALIVE, MemberStatus.ALIVE, false, false, true),
                Arguments.of(MemberStatus.ALIVE, MemberStatus.SUSPECT, false, false, true),
                Arguments.of(MemberStatus.ALIVE, MemberStatus.DEAD, false, false, true),
                Arguments.of(MemberStatus.ALIVE, MemberStatus.LEFT, false, false, true),
                Arguments.of(MemberStatus.SUSPECT, MemberStatus.ALIVE, false, true, true),
                Arguments.of(MemberStatus.SUSPECT, MemberStatus.SUSPECT, false, false, true),
                Arguments.of(MemberStatus.SUSPECT, MemberStatus.DEAD, false, false, false),
                Arguments.of(MemberStatus.SUSPECT, MemberStatus.LEFT, false, false, false),
                Arguments.of(MemberStatus.DEAD, MemberStatus.ALIVE, false, true, true),
                Arguments.of(MemberStatus.DEAD, MemberStatus.SUSPECT, false, true, true),
                Arguments.of(MemberStatus.DEAD, MemberStatus.DEAD, false, false, false),
                Arguments.of(MemberStatus.DEAD, MemberStatus.LEFT, false, false, false),
                Arguments.of(MemberStatus.LEFT, MemberStatus.ALIVE, false, true, true),
                Arguments.of(MemberStatus.LEFT, MemberStatus.SUSPECT, false, true, true),
                Arguments.of(MemberStatus.LEFT, MemberStatus.DEAD, false, true, true), // force-leave (proposal 0019)
                Arguments.of(MemberStatus.LEFT, MemberStatus.LEFT, false, false, false));
    }

    @Test
    void membersAreCheckedAndOnlyCompareWithThemselves() {
        assertThatThrownBy(() -> new Member(ID, ADDRESS, Role.DATA, MemberStatus.ALIVE, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incarnation must be >= 0");
        Member m = new Member(ID, ADDRESS, Role.REGISTRY, MemberStatus.ALIVE, 0);
        assertThat(m.with(MemberStatus.SUSPECT, 3)).isEqualTo(new Member(ID, ADDRESS, Role.REGISTRY, MemberStatus.SUSPECT, 3));
        assertThat(m).hasToString(ID.shortId() + "@h:1/ALIVE#0");
        Member other = new Member(new NodeId(1, 2), ADDRESS, Role.DATA, MemberStatus.ALIVE, 0);
        assertThatThrownBy(() -> m.supersedes(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("members differ");
        assertThat(MemberStatus.DEAD.isGone()).isTrue();
        assertThat(MemberStatus.LEFT.isGone()).isTrue();
        assertThat(MemberStatus.ALIVE.isGone()).isFalse();
        assertThat(MemberStatus.SUSPECT.isGone()).isFalse();
    }

    @Test
    void membershipSettingsAreChecked() {
        MembershipConfig d = MembershipConfig.defaults();
        assertThat(d.withProtocolPeriod(Duration.ofMillis(200), Duration.ofMillis(100)).probeTimeout())
                .isEqualTo(Duration.ofMillis(100));
        assertThat(d.withPushPullInterval(Duration.ofSeconds(5)).pushPullInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.withDeadRetention(Duration.ofHours(1)).deadRetention()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> d.withProtocolPeriod(Duration.ofMillis(100), Duration.ofMillis(100)))
                .hasMessageContaining("probeTimeout must be shorter than protocolPeriod");
        assertThat(new MembershipConfig(d.protocolPeriod(), d.probeTimeout(), 0, 1, 1, d.pushPullInterval(), d.deadRetention(), 1)
                .indirectProbes()).isZero();
        assertThatThrownBy(() -> new MembershipConfig(d.protocolPeriod(), d.probeTimeout(), -1, 1, 1, d.pushPullInterval(),
                d.deadRetention(), 1)).hasMessageContaining("indirectProbes must be >= 0");
        assertThatThrownBy(() -> new MembershipConfig(d.protocolPeriod(), d.probeTimeout(), 0, 0, 1, d.pushPullInterval(),
                d.deadRetention(), 1)).hasMessageContaining("retransmitMultiplier must be >= 1");
        assertThatThrownBy(() -> new MembershipConfig(d.protocolPeriod(), d.probeTimeout(), 0, 1, 0, d.pushPullInterval(),
                d.deadRetention(), 1)).hasMessageContaining("suspicionMultiplier must be >= 1");
        assertThatThrownBy(() -> new MembershipConfig(d.protocolPeriod(), d.probeTimeout(), 0, 1, 1, d.pushPullInterval(),
                d.deadRetention(), 0)).hasMessageContaining("maxPiggyback must be >= 1");
        assertThatThrownBy(() -> d.withPushPullInterval(Duration.ZERO)).hasMessageContaining("pushPullInterval must be > 0");
        assertThatThrownBy(() -> d.withDeadRetention(Duration.ofSeconds(-1))).hasMessageContaining("deadRetention must be > 0");
        assertThatThrownBy(() -> d.withProtocolPeriod(Duration.ZERO, Duration.ofMillis(1)))
                .hasMessageContaining("protocolPeriod must be > 0");
        assertThatThrownBy(() -> d.withProtocolPeriod(Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("probeTimeout must be > 0");
    }

    @ParameterizedTest(name = "{0} over {1}: i<j {2}, i=j {3}, i>j {4}")
    @MethodSource("table")
    void overrideRule(MemberStatus incoming, MemberStatus current, boolean lower, boolean equal, boolean higher) {
        Member cur = new Member(ID, ADDRESS, Role.DATA, current, 5);
        assertThat(new Member(ID, ADDRESS, Role.DATA, incoming, 4).supersedes(cur)).isEqualTo(lower);
        assertThat(new Member(ID, ADDRESS, Role.DATA, incoming, 5).supersedes(cur)).isEqualTo(equal);
        assertThat(new Member(ID, ADDRESS, Role.DATA, incoming, 6).supersedes(cur)).isEqualTo(higher);
    }
}
