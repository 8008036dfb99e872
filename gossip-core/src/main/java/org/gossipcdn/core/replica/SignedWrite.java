package org.gossipcdn.core.replica;

import java.util.Objects;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Version;

/**
 * What an owner's client sends with a signed write: the version it chose (its HLC later than every
 * version of the key and not before the node's clock; its writer id the client's own), the causal
 * context it saw (what it overwrites knowingly) and its signature over all of the record's fields.
 * See proposals/0010-owner-signed-records.md.
 */
public record SignedWrite(Version version, CausalContext seen, OwnerSignature signature) {

    public SignedWrite {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(signature, "signature");
        if (!signature.isPresent()) {
            throw new IllegalArgumentException("a signed write needs a signature");
        }
    }
}
