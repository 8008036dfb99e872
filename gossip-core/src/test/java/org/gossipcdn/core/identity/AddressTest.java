package org.gossipcdn.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a member may advertise: a DNS name, IPv4 or (bracketed) IPv6 literal and a port, and nothing else. */
class AddressTest {

    @Test
    void hostNamesAndIpLiteralsAreAccepted() {
        for (String ok : List.of("localhost:1", "10.0.0.1:7000", "node-1.example.org:65535", "[::1]:7002",
                "[fe80::1:2:3]:80", "[::ffff:10.0.0.1]:80", "gcdn_node1:7000", "a.b-c.d:443", "node-3:7000")) {
            assertThat(Address.parse(ok).toString()).as(ok).isEqualTo(ok);
        }
    }

    @Test
    void markupEscapesAndMalformedHostsAreRefused() {
        for (String bad : List.of("<img src=x onerror=alert(1)>:1", "\u001b[31mred\u001b[0m:7000", "host name:1", "a..b:1",
                "-lead:1", "trail-:1", ".dot:1", "x/y:1", "[::1:80", "[zz::1]:80", "::1:80", "a:b:c:1", "h%20:1",
                "\u202ename:1", "a".repeat(64) + ".b:1", ("a".repeat(60) + ".").repeat(5) + "b:1", "h:0", "h:65536",
                "h:-1", "h:+80", "h:", ":80", "h:80 ", "[]:80")) {
            assertThatThrownBy(() -> Address.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Address("<b>", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void theRejectionDoesNotEchoControlCharacters() {
        assertThatThrownBy(() -> Address.parse("\u001b]0;pwned\u0007:1"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0007"));
    }

    @Test
    void nodeIdsAre32HexDigitsAndRefusalsEchoNoControlCharacters() {
        assertThat(NodeId.parse("1234567890abcdef000000000000002A")).isEqualTo(new NodeId(0x1234567890abcdefL, 42));
        for (String bad : List.of("", "zz", "1234567890abcdef000000000000002", "1234567890abcdef000000000000002a0",
                "\u001b[2J\u001b[2J\u001b[2J\u001b[2J\u001b[2J\u001b[2J\u001b[2J\u001b[2J", "+234567890abcdef000000000000002a")) {
            assertThatThrownBy(() -> NodeId.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
        }
    }
}
