package org.gossipcdn.core.sim;

/** The three seams a simulated host gives the node that runs on it. */
public record SimHostKit(SimClock clock, SimScheduler scheduler, SimTransport transport) {}
