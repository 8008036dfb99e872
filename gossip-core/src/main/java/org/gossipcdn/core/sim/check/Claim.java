package org.gossipcdn.core.sim.check;

import java.util.Comparator;
import java.util.Objects;

/**
 * An owner's claim on a key (proposal 0010): the owner's public key (any stable text form, e.g.
 * hex or base64 of its bytes) and {@code since}, the version of the owner's first write of the key.
 * The claim that holds is the least: earliest {@code since}, then the smaller key text.
 */
public record Claim(String ownerKey, Stamp since) {

    public static final Comparator<Claim> ORDER = Comparator.comparing(Claim::since).thenComparing(Claim::ownerKey);

    public Claim {
        Objects.requireNonNull(ownerKey, "ownerKey");
        Objects.requireNonNull(since, "since");
    }
}
