package org.gossipcdn.core.sim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Sha256;

/**
 * A member gone bad: a host on the {@link SimNetwork} that holds the cluster key (in the simulator
 * every host may gossip) and sends crafted records as rumors. It serves the content of what it
 * sends, answers every request with an empty {@link Ack}, and runs no protocol of its own.
 */
public final class SimForger {

    private final Address address;
    private final SimTransport transport;
    private final InMemoryStore store = new InMemoryStore();

    public SimForger(SimNetwork network, Address address) {
        this.address = address;
        this.transport = network.host(address).transport();
        transport.bind(new MessageHandler() {
            @Override
            public CompletableFuture<GossipMessage> handle(GossipMessage request) {
                return CompletableFuture.completedFuture(new Ack(0, List.of()));
            }

            @Override
            public Optional<InputStream> openContent(Sha256 hash) {
                return store.openContent(hash);
            }
        });
    }

    public Address address() {
        return address;
    }

    /** Stores bytes the forger will serve for records it sends; returns their hash. */
    public Sha256 content(byte[] bytes) {
        try {
            return store.putContent(new ByteArrayInputStream(bytes), Long.MAX_VALUE).hash();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code records} to {@code to} as a rumor from this host. */
    public void push(Address to, List<BlobRecord> records) {
        transport.request(to, new Rumor(address, records, List.of()));
    }
}
