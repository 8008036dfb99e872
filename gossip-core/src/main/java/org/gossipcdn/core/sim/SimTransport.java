package org.gossipcdn.core.sim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.spi.Transport;
import org.gossipcdn.core.version.Sha256;

/**
 * A host's network card on the {@link SimNetwork}: requests and responses each cross a link with
 * its delay and loss. A lost message or a crashed peer means the future never completes; the
 * caller's own timeout turns that into "no answer", as on a real network.
 */
public final class SimTransport implements Transport {

    private final SimNetwork network;
    private final SimNetwork.Host self;

    SimTransport(SimNetwork network, SimNetwork.Host self) {
        this.network = network;
        this.self = self;
    }

    @Override
    public void bind(MessageHandler handler) {
        self.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public CompletableFuture<GossipMessage> request(Address to, GossipMessage message) {
        CompletableFuture<GossipMessage> result = new CompletableFuture<>();
        SimNetwork.Host peer = network.hostAt(to);
        if (peer == null || !network.delivers(self, peer)) {
            return result;
        }
        network.schedule(peer, network.delay(), () -> peer.handler.handle(message).whenComplete((response, error) -> {
            if (error != null) {
                network.error(to + " failed " + message.type() + ": " + error);
            }
            if (network.delivers(peer, self)) {
                network.schedule(self, network.delay(), () -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(response);
                    }
                });
            }
        }));
        return result;
    }

    @Override
    public CompletableFuture<InputStream> fetchContent(Address from, Sha256 hash) {
        CompletableFuture<InputStream> result = new CompletableFuture<>();
        SimNetwork.Host peer = network.hostAt(from);
        if (peer == null || !network.delivers(self, peer)) {
            return result;
        }
        network.schedule(peer, network.delay(), () -> {
            Optional<byte[]> bytes = peer.handler.openContent(hash).map(SimTransport::readAll);
            if (network.delivers(peer, self)) {
                network.schedule(self, network.delay(), () -> {
                    if (bytes.isPresent()) {
                        result.complete(new ByteArrayInputStream(bytes.get()));
                    } else {
                        result.completeExceptionally(new NoSuchElementException(from + " has no content " + hash));
                    }
                });
            }
        });
        return result;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
