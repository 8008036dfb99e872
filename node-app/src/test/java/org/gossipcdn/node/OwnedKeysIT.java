package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.GossipJson;
import org.gossipcdn.transport.http.HttpTransport;
import org.junit.jupiter.api.Test;

/**
 * Owned keys on real nodes (proposal 0010): once a key is written signed, neither a client without
 * the owner's key (at the API) nor a member holding the cluster key (by gossip) can replace or
 * delete it; the forging member is counted in {@code /v1/status} and {@code /metrics}.
 */
class OwnedKeysIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER_KEY = "owned keys test cluster key";

    private record Owner(KeyPair pair) {
        byte[] publicKey() {
            return pair.getPublic().getEncoded();
        }

        static Owner make() throws Exception {
            return new Owner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        }

        /** A PUT (or with a null body, a DELETE) signed as the CLI does it, with version {@code hlc}. */
        HttpRequest.Builder request(NodeProcess node, UUID key, byte[] body, Hlc hlc, Version since) {
            Version v = new Version(hlc, OwnerSignature.ownerId(publicKey()));
            Version claim = since == null ? v : since;
            boolean delete = body == null;
            Sha256 hash = delete ? Sha256.EMPTY : Sha256.of(body);
            String type = delete ? BlobRecord.DEFAULT_CONTENT_TYPE : "text/plain";
            OwnerSignature sig = OwnerSignature.sign(pair.getPrivate(), publicKey(), key, v, delete, hash,
                    delete ? 0 : body.length, type, CausalContext.EMPTY, claim);
            HttpRequest.Builder r = HttpRequest.newBuilder(node.uri("/v1/blobs/" + key))
                    .header("X-Gossip-Version", v.toString())
                    .header("X-Gossip-Owner-Key", Base64.getEncoder().encodeToString(publicKey()))
                    .header("X-Gossip-Owned-Since", claim.toString())
                    .header("X-Gossip-Signature", Base64.getEncoder().encodeToString(sig.signatureBytes()));
            return delete ? r.DELETE() : r.header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        }
    }

    private static Hlc now(int counter) {
        return new Hlc(System.currentTimeMillis(), counter);
    }

    private static HttpResponse<byte[]> unsignedPut(NodeProcess node, UUID key, byte[] body) throws IOException {
        return node.sendWrite(HttpRequest.newBuilder(node.uri("/v1/blobs/" + key)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static String body(NodeProcess node, UUID key) throws IOException {
        HttpResponse<byte[]> r = node.get("/v1/blobs/" + key);
        return r.statusCode() + " " + new String(r.body());
    }

    @Test
    void anOwnedKeyIsNeitherReplacedNorDeletedWithoutTheOwnersSignatureAtTheApi() throws Exception {
        try (LocalCluster c = new LocalCluster(1, List.of()).start()) {
            NodeProcess node = c.node(0);
            Owner owner = Owner.make();
            Owner other = Owner.make();
            UUID key = UUID.randomUUID();
            Hlc first = now(0);
            Version since = new Version(first, OwnerSignature.ownerId(owner.publicKey()));
            assertThat(node.sendWrite(owner.request(node, key, "mine".getBytes(), first, null)).statusCode()).isEqualTo(201);

            assertThat(unsignedPut(node, key, "not yours".getBytes()).statusCode()).isEqualTo(403);
            assertThat(node.send(owner.request(node, key, "forged".getBytes(), now(5), since)
                    .setHeader("X-Gossip-Owner-Key", Base64.getEncoder().encodeToString(other.publicKey()))).statusCode())
                    .as("the owner's claim presented with another key").isIn(400, 403);
            assertThat(node.send(other.request(node, key, "mine now".getBytes(), now(6), null)).statusCode()).isEqualTo(403);
            assertThat(node.send(other.request(node, key, null, now(7), null)).statusCode()).isEqualTo(403);
            assertThat(node.send(HttpRequest.newBuilder(node.uri("/v1/blobs/" + key)).DELETE()).statusCode()).isEqualTo(403);
            HttpResponse<byte[]> badSignature = node.send(owner.request(node, key, "tampered".getBytes(), now(8), since)
                    .setHeader("X-Gossip-Signature", Base64.getEncoder().encodeToString(new byte[64])));
            assertThat(badSignature.statusCode()).isEqualTo(403);
            assertThat(body(node, key)).isEqualTo("200 mine");

            assertThat(node.send(owner.request(node, key, "mine, v2".getBytes(), now(9), since)).statusCode()).isEqualTo(200);
            assertThat(body(node, key)).isEqualTo("200 mine, v2");
            assertThat(node.send(owner.request(node, key, null, now(10), since)).statusCode()).isEqualTo(204);
            assertThat(node.get("/v1/blobs/" + key).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void forgedGossipFromAMemberWithTheClusterKeyIsDroppedCountedAndChangesNothing() throws Exception {
        try (LocalCluster c = new LocalCluster(2, List.of("--cluster-key", CLUSTER_KEY)).start()) {
            NodeProcess a = c.node(0);
            NodeProcess b = c.node(1);
            Owner owner = Owner.make();
            UUID key = UUID.randomUUID();
            Hlc first = now(0);
            assertThat(a.sendWrite(owner.request(a, key, "owned".getBytes(), first, null)).statusCode()).isEqualTo(201);
            await("b serves the owned blob").atMost(Duration.ofSeconds(30)).until(() -> body(b, key).equals("200 owned"));
            JsonNode winner = JSON.readTree(b.get("/v1/blobs/" + key + "/versions").body()).get("winner");

            // a member holding the cluster key gossips records that would replace and delete the key if trusted
            CausalContext everything = CausalContext.EMPTY.with(Version.parse(winner.get("version").asText()));
            Version later = new Version(new Hlc(System.currentTimeMillis() + 1000, 0), OwnerSignature.ownerId(owner.publicKey()));
            BlobRecord unsignedDelete = BlobRecord.tombstone(key, new Version(later.hlc(), new NodeId(9, 9)), everything);
            BlobRecord claimedByOwner = new BlobRecord(key, later, false, Sha256.of("evil".getBytes()), 4, "text/html", everything,
                    OwnerSignature.of(owner.publicKey(), Version.parse(winner.get("ownedSince").asText()), new byte[64]));
            Address forger = new Address("127.0.0.1", 9);
            try (HttpTransport member = new HttpTransport(new ClusterAuth("gcdn", Optional.of(CLUSTER_KEY), Duration.ofSeconds(60)),
                    new GossipJson(), HttpTransport.Config.defaults())) {
                member.request(Address.parse(b.address()), new Rumor(forger, List.of(unsignedDelete, claimedByOwner), List.of()))
                        .get(10, TimeUnit.SECONDS);
            }

            JsonNode status = JSON.readTree(b.get("/v1/status").body());
            assertThat(status.path("untrustedRecords").path(forger.toString()).asLong()).isEqualTo(2);
            assertThat(new String(b.get("/metrics").body())).contains("gcdn_untrusted_records_total{from=\"" + forger + "\"} 2.0");
            assertThat(body(b, key)).isEqualTo("200 owned");
            assertThat(body(a, key)).isEqualTo("200 owned");
            assertThat(JSON.readTree(b.get("/v1/blobs/" + key + "/versions").body()).get("losers")).isEmpty();
        }
    }
}
