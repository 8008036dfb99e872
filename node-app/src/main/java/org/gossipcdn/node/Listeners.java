package org.gossipcdn.node;

import java.util.List;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several {@link Listener}s as the one a {@code GossipNode} takes, called in order on the node
 * loop. One that throws is logged and does not keep the others from hearing the event.
 */
record Listeners(List<Listener> all) implements Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    Listeners {
        all = List.copyOf(all);
    }

    static Listeners of(Listener... listeners) {
        return new Listeners(List.of(listeners));
    }

    private void each(java.util.function.Consumer<Listener> call) {
        for (Listener l : all) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed; ignored", l.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void onMemberChanged(Member previous, Member current) {
        each(l -> l.onMemberChanged(previous, current));
    }

    @Override
    public void onRecordCommitted(KeyState before, KeyState after) {
        each(l -> l.onRecordCommitted(before, after));
    }

    @Override
    public void onRecordRejected(BlobRecord record, String reason) {
        each(l -> l.onRecordRejected(record, reason));
    }

    @Override
    public void onUntrustedRecord(BlobRecord record, Address from, String reason) {
        each(l -> l.onUntrustedRecord(record, from, reason));
    }

    @Override
    public void onContentMismatch(BlobRecord record) {
        each(l -> l.onContentMismatch(record));
    }

    @Override
    public void onMessage(String type, boolean outbound) {
        each(l -> l.onMessage(type, outbound));
    }
}
