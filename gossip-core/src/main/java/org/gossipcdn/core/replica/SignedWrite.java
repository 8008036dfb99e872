package org.gossipcdn.core.replica;

import java.util.Objects;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Version;

/**
 * What an owner sends with a signed write: the version it chose (its writer is the owner's id,
 * its HLC later than every version of the key) and its signature over the record's fields.
 * See proposals/0010-owner-signed-records.md.
 */
public record SignedWrite(Version version, OwnerSignature signature) {

    public SignedWrite {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(signature, "signature");
        if (!signature.isPresent()) {
            throw new IllegalArgumentException("a signed write needs a signature");
        }
    }
}
