/**
 * Gossip CDN's protocol library: depends on the JDK only (java.base). The exported packages are the
 * API an embedder uses (the node, its configuration, identities, versions and records, members,
 * outcomes of writes), the SPI it implements ({@code spi}, and the {@code message}s a Transport
 * carries), and {@code sim}, the simulator with its independent checker for embedders' own tests.
 * The protocol machinery — anti-entropy and the digest tree, rumor dissemination — stays inside.
 */
module org.gossipcdn.core {
    exports org.gossipcdn.core;
    exports org.gossipcdn.core.identity;
    exports org.gossipcdn.core.membership;
    exports org.gossipcdn.core.message;
    exports org.gossipcdn.core.placement;
    exports org.gossipcdn.core.replica;
    exports org.gossipcdn.core.sim;
    exports org.gossipcdn.core.sim.check;
    exports org.gossipcdn.core.spi;
    exports org.gossipcdn.core.time;
    exports org.gossipcdn.core.version;
}
