package org.gossipcdn.storage;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/**
 * The on-disk encoding of a {@link KeyState}: compact binary, led by a format byte so that a
 * later format can be added beside this one and old values still read (append-only, like the
 * wire types). Format 1:
 * <pre>
 * u8 format=1 | u64 key.msb | u64 key.lsb | u8 heads
 * per head: u64 hlc | u64 node.hi | u64 node.lo | u8 tombstone | 4×u64 sha256 | u64 size
 *           | u16+utf8 contentType | u16 contextEntries | per entry: u64 node.hi | u64 node.lo | u64 hlc
 * </pre>
 * Format 2 (written now) adds after each head's context: {@code u8 signed}, and when 1: 44-byte
 * owner key | since (u64 hlc | u64 node.hi | u64 node.lo) | 64-byte signature.
 */
final class KeyStateCodec {

    static final int FORMAT_1 = 1;
    /** Format 1 plus, after each record's context, its owner signature (flag, key, since, signature). */
    static final int FORMAT_2 = 2;

    private KeyStateCodec() {
    }

    static byte[] encode(KeyState state) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT_2);
            out.writeLong(state.key().getMostSignificantBits());
            out.writeLong(state.key().getLeastSignificantBits());
            out.writeByte(state.heads().size());
            for (BlobRecord r : state.heads()) {
                out.writeLong(r.version().hlc().packed());
                out.writeLong(r.version().node().high());
                out.writeLong(r.version().node().low());
                out.writeByte(r.tombstone() ? 1 : 0);
                Sha256 h = r.contentHash();
                out.writeLong(h.a());
                out.writeLong(h.b());
                out.writeLong(h.c());
                out.writeLong(h.d());
                out.writeLong(r.size());
                byte[] type = r.contentType().getBytes(StandardCharsets.UTF_8);
                out.writeShort(type.length);
                out.write(type);
                Map<NodeId, Hlc> seen = r.seen().entries();
                if (seen.size() > 0xFFFF) { // CausalContext.MAX_ENTRIES keeps it far below; never truncate silently
                    throw new StoreException("a causal context of " + seen.size() + " entries does not fit the stored format");
                }
                out.writeShort(seen.size());
                for (Map.Entry<NodeId, Hlc> e : seen.entrySet()) {
                    out.writeLong(e.getKey().high());
                    out.writeLong(e.getKey().low());
                    out.writeLong(e.getValue().packed());
                }
                OwnerSignature owner = r.owner();
                out.writeByte(owner.isPresent() ? 1 : 0);
                if (owner.isPresent()) {
                    out.write(owner.publicKey());
                    out.writeLong(owner.since().hlc().packed());
                    out.writeLong(owner.since().node().high());
                    out.writeLong(owner.since().node().low());
                    out.write(owner.signatureBytes());
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeyState decode(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
            int format = in.readUnsignedByte();
            if (format != FORMAT_1 && format != FORMAT_2) {
                throw new StoreException("stored key state has format " + format + "; this build reads formats 1 and 2");
            }
            UUID key = new UUID(in.readLong(), in.readLong());
            int n = in.readUnsignedByte();
            List<BlobRecord> heads = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Hlc hlc = Hlc.unpack(in.readLong());
                NodeId node = new NodeId(in.readLong(), in.readLong());
                boolean tombstone = in.readByte() != 0;
                Sha256 hash = new Sha256(in.readLong(), in.readLong(), in.readLong(), in.readLong());
                long size = in.readLong();
                byte[] type = new byte[in.readUnsignedShort()];
                in.readFully(type);
                int entries = in.readUnsignedShort();
                if (entries > CausalContext.MAX_ENTRIES) {
                    throw new StoreException("stored causal context has " + entries + " entries, more than "
                            + CausalContext.MAX_ENTRIES);
                }
                TreeMap<NodeId, Hlc> seen = new TreeMap<>();
                for (int e = 0; e < entries; e++) {
                    seen.put(new NodeId(in.readLong(), in.readLong()), Hlc.unpack(in.readLong()));
                }
                OwnerSignature owner = OwnerSignature.NONE;
                if (format == FORMAT_2 && in.readByte() != 0) {
                    byte[] publicKey = new byte[OwnerSignature.PUBLIC_KEY_BYTES];
                    in.readFully(publicKey);
                    Version since = new Version(Hlc.unpack(in.readLong()), new NodeId(in.readLong(), in.readLong()));
                    byte[] signature = new byte[OwnerSignature.SIGNATURE_BYTES];
                    in.readFully(signature);
                    owner = OwnerSignature.of(publicKey, since, signature);
                }
                heads.add(new BlobRecord(key, new Version(hlc, node), tombstone, hash, size,
                        new String(type, StandardCharsets.UTF_8), CausalContext.of(seen), owner));
            }
            if (in.available() > 0) {
                throw new StoreException("stored key state of " + key + " has " + in.available() + " trailing bytes");
            }
            return new KeyState(key, heads);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("decoding a stored key state failed: " + e.getMessage());
        }
    }
}
