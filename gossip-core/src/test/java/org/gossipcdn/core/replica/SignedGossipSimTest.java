package org.gossipcdn.core.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.RecordsPush;
import org.gossipcdn.core.sim.SimCluster;
import org.gossipcdn.core.sim.SimNetwork;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/**
 * Proposal 0010's entry checks on gossip: a record pushed by a peer is taken only if its owner
 * signature verifies, and on an owned key only with the owner's claim (or an earlier one).
 */
class SignedGossipSimTest {

    private static final KeyPair OWNER = generate();
    private static final KeyPair OTHER = generate();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static BlobRecord signed(KeyPair k, UUID key, long wall, Version since, int content) {
        Version v = new Version(new Hlc(wall, 0), OwnerSignature.ownerId(k.getPublic().getEncoded()));
        Version claim = since == null ? v : since;
        Sha256 hash = Sha256.of(new byte[] {(byte) content});
        BlobRecord r = new BlobRecord(key, v, false, hash, 0, "text/plain", CausalContext.EMPTY);
        return r.signed(OwnerSignature.sign(k.getPrivate(), k.getPublic().getEncoded(), key, v, false, hash, 0, "text/plain",
                CausalContext.EMPTY, claim));
    }

    @Test
    void onlyVerifiedRecordsOfTheOwnersClaimAreTaken() {
        List<String> untrusted = new ArrayList<>();
        SimCluster c = new SimCluster(41, 2, GossipConfig.defaults(), i -> i == 0 ? new Listener() {
            @Override
            public void onUntrustedRecord(BlobRecord record, Address from, String reason) {
                untrusted.add(reason);
            }
        } : Listener.NONE);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(2));
        long now = SimNetwork.EPOCH_MILLIS + c.network().nowNanos() / 1_000_000;
        UUID key = new UUID(50, 1);
        Address from = c.member(1).address;

        BlobRecord first = signed(OWNER, key, now - 1_000, null, 1);
        OwnerSignature good = first.owner();
        BlobRecord forged = new BlobRecord(key, first.version(), false, Sha256.of(new byte[] {9}), 0, "text/plain",
                CausalContext.EMPTY).signed(good);
        push(c, from, forged);
        assertThat(c.state(0, key)).isEmpty();
        assertThat(untrusted).singleElement().asString().contains("does not verify");

        push(c, from, first);
        push(c, from, first); // again: verified once, no change
        assertThat(c.state(0, key).map(KeyState::winner)).contains(first);

        NodeId stranger = new NodeId(7, 7);
        push(c, from, new BlobRecord(key, new Version(new Hlc(now, 0), stranger), false, Sha256.EMPTY, 0, "text/plain",
                CausalContext.EMPTY));
        assertThat(untrusted).hasSize(2).last().asString().contains("unsigned");
        push(c, from, signed(OTHER, key, now, null, 2)); // a later claim by another key
        assertThat(untrusted).hasSize(3).last().asString().contains("claiming since");
        assertThat(c.state(0, key).map(KeyState::winner)).contains(first);

        BlobRecord later = signed(OWNER, key, now, first.version(), 3);
        push(c, from, later);
        assertThat(c.state(0, key).map(KeyState::winner)).contains(later);
        BlobRecord earlierClaim = signed(OTHER, key, now - 2_000, null, 4); // won the race of first writers
        push(c, from, earlierClaim);
        assertThat(c.state(0, key).map(KeyState::winner)).contains(earlierClaim);
        assertThat(untrusted).hasSize(3);
    }

    private static void push(SimCluster c, Address from, BlobRecord r) {
        c.await(c.node(0).handle(new RecordsPush(from, List.of(KeyState.of(r)))));
        c.network().runFor(Duration.ofMillis(200));
    }
}
