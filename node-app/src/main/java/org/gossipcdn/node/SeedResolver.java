package org.gossipcdn.node;

import java.util.List;
import org.gossipcdn.core.identity.Address;

/**
 * Turns one configured seed or bootstrap ({@code host:port}) into the addresses to contact: every
 * address a DNS name resolves to, each with the seed's port, so a name with several A/AAAA records
 * (a Kubernetes headless Service) is a whole seed list. Asked again on every join attempt.
 * Implementations may block (DNS); they are called off the node's loop.
 */
@FunctionalInterface
public interface SeedResolver {

    /** The addresses behind {@code seed}; empty when the name does not resolve (now). Never throws for that. */
    List<Address> resolve(Address seed);
}
