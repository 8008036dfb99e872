package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.replica.Intake;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/** A flood of forged records costs a few WARNING lines, not one per record (issue 12). */
class UntrustedWarningsSimTest {

    @Test
    void aThousandForgedRecordsFromAThousandSendersWarnAtPowersOfTwoOnly() throws Exception {
        byte[] ownerKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        Logger log = Logger.getLogger(Intake.class.getName());
        AtomicInteger warnings = new AtomicInteger();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(counter);
        try {
            SimNetwork net = new SimNetwork(12);
            Address self = new Address("node", 1);
            InMemoryStore store = new InMemoryStore();
            AtomicInteger untrusted = new AtomicInteger();
            SimHostKit kit = net.host(self);
            GossipNode node = new GossipNode(GossipConfig.defaults(), GossipNode.loadOrCreateId(store, net.splitRandom()), self,
                    Role.DATA, kit.clock(), kit.scheduler(), net.splitRandom(), kit.transport(), store, new Listener() {
                        @Override
                        public void onUntrustedRecord(BlobRecord record, Address from, String reason) {
                            untrusted.incrementAndGet();
                        }
                    });
            node.start(List.of());
            List<CompletableFuture<GossipMessage>> answers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Version v = new Version(new Hlc(1_000 + i, 0), OwnerSignature.ownerId(ownerKey));
                BlobRecord forged = new BlobRecord(new UUID(7, i), v, false, Sha256.of(new byte[] {1}), 1, "text/plain",
                        CausalContext.EMPTY, OwnerSignature.of(ownerKey, v, new byte[64]));
                answers.add(node.handle(new Rumor(new Address("forged-" + i, 7000), List.of(forged), List.of())));
            }
            net.runUntil(() -> answers.stream().allMatch(CompletableFuture::isDone), Duration.ofMillis(10), Duration.ofSeconds(30));
            assertThat(untrusted).as("every forged record is dropped and counted").hasValue(1000);
            assertThat(warnings.get()).as("warned at drop 1, 2, 4, … 512").isEqualTo(10);
        } finally {
            log.removeHandler(counter);
        }
    }
}
