package org.gossipcdn.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.spi.Listener;

/**
 * Members by state as this node sees them, as the gauge {@code gcdn_members{state=...}} (this node
 * counted as alive). Fed by membership changes on the node loop; read on scrape.
 */
final class MemberStates implements Listener {

    private final ConcurrentHashMap<NodeId, MemberStatus> states = new ConcurrentHashMap<>();

    MemberStates(NodeId self, MeterRegistry registry) {
        states.put(self, MemberStatus.ALIVE);
        for (MemberStatus s : MemberStatus.values()) {
            Gauge.builder("gcdn_members", () -> count(s)).tag("state", s.name().toLowerCase(Locale.ROOT))
                    .description("members this node knows, by state").register(registry);
        }
    }

    long count(MemberStatus status) {
        return states.values().stream().filter(status::equals).count();
    }

    @Override
    public void onMemberChanged(Member previous, Member current) {
        states.put(current.id(), current.status());
    }
}
