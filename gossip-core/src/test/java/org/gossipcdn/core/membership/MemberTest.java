package org.gossipcdn.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
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
                Arguments.of(MemberStatus.LEFT, MemberStatus.DEAD, false, false, false),
                Arguments.of(MemberStatus.LEFT, MemberStatus.LEFT, false, false, false));
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
