package org.gossipcdn.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Ping;
import org.junit.jupiter.api.Test;

class GossipJsonTest {

    private final GossipJson json = new GossipJson();

    @Test
    void everyMessageTypeRoundTrips() {
        for (GossipMessage m : Messages.all()) {
            assertThat(json.decode(m.type(), json.encode(m))).as(m.type()).isEqualTo(m);
        }
    }

    @Test
    void everyWireTypeIsCovered() {
        Set<String> covered = Messages.all().stream().map(GossipMessage::type).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(GossipJson.TYPES.keySet());
    }

    @Test
    void valueTypesAreReadableStrings() {
        String text = new String(json.encode(Messages.all().get(5)), StandardCharsets.UTF_8);
        assertThat(text).contains("\"from\":\"[::1]:7002\"")
                .contains("\"version\":\"1700000000000.5@1234567890abcdef000000000000002a\"")
                .contains("\"seen\":{\"00000000000000000000000000000007\":\"99.1\"}");
    }

    @Test
    void badInputIsAMalformedMessageNamingTheProblem() {
        assertThatThrownBy(() -> json.decode("ping", "{".getBytes())).isInstanceOf(GossipJson.MalformedMessageException.class);
        assertThatThrownBy(() -> json.decode("ping", "null".getBytes())).isInstanceOf(GossipJson.MalformedMessageException.class);
        assertThatThrownBy(() -> json.decode("ping", "{\"from\":\"zz\"}".getBytes()))
                .isInstanceOf(GossipJson.MalformedMessageException.class)
                .hasMessage("malformed ping: field 'from': node id must be 32 hex digits, was 'zz'");
        assertThatThrownBy(() -> json.decode("ping", "{not json".getBytes()))
                .hasMessageStartingWith("malformed ping: not valid JSON at line 1, column");
        assertThatThrownBy(() -> json.decode("pong", "{}".getBytes())).hasMessageContaining("unknown message type 'pong'");
        assertThatThrownBy(() -> json.decode("rumor", "{\"from\":\"h:1\",\"records\":[{\"key\":1}],\"updates\":[]}".getBytes()))
                .isInstanceOf(GossipJson.MalformedMessageException.class);
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> json.decode("records-query", ("{\"leaves\":" + deep + "}").getBytes()))
                .isInstanceOf(GossipJson.MalformedMessageException.class);
    }

    @Test
    void aMemberWithAnAddressThatIsNoHostIsRefusedAtDecode() {
        String member = "{\"id\":\"1234567890abcdef000000000000002a\",\"address\":\"%s\",\"role\":\"DATA\","
                + "\"status\":\"ALIVE\",\"incarnation\":1,\"capacity\":1099511627776}";
        String ok = "{\"wallMillis\":1,\"updates\":[" + member.formatted("10.0.0.1:7001") + "]}";
        assertThat(json.decode("ack", ok.getBytes())).isNotNull();
        for (String bad : new String[] {"<img src=x>:1", "\\u001b[2J:7001", "h:0"}) {
            String body = "{\"wallMillis\":1,\"updates\":[" + member.formatted(bad) + "]}";
            assertThatThrownBy(() -> json.decode("ack", body.getBytes())).as(bad)
                    .isInstanceOf(GossipJson.MalformedMessageException.class).hasMessageContaining("address")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
        }
    }

    @Test
    void unknownFieldsFromANewerPeerAreIgnored() {
        Ping p = (Ping) Messages.all().get(0);
        String text = new String(json.encode(p), StandardCharsets.UTF_8).replaceFirst("\\{", "{\"future\":1,");
        assertThat(json.decode("ping", text.getBytes())).isEqualTo(p);
    }
}
