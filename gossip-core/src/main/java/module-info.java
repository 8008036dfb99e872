/**
 * Gossip CDN's protocol library: depends on the JDK only (java.base). Every package is part of
 * the API an embedder may use; {@code sim} is the simulator for embedders' own tests.
 */
module org.gossipcdn.core {
    exports org.gossipcdn.core;
    exports org.gossipcdn.core.antientropy;
    exports org.gossipcdn.core.dissemination;
    exports org.gossipcdn.core.identity;
    exports org.gossipcdn.core.membership;
    exports org.gossipcdn.core.message;
    exports org.gossipcdn.core.replica;
    exports org.gossipcdn.core.sim;
    exports org.gossipcdn.core.sim.check;
    exports org.gossipcdn.core.spi;
    exports org.gossipcdn.core.time;
    exports org.gossipcdn.core.version;
}
