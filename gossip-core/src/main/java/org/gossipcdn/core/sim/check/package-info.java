/**
 * The independent checker: a reference model of what every key must be, computed from the
 * operation history alone ({@link org.gossipcdn.core.sim.check.ReferenceModel}), and the judge of
 * nodes' final states against it ({@link org.gossipcdn.core.sim.check.Verdict}). Plain values
 * only; it imports nothing from the rule packages it checks (a test keeps it so). Used by the
 * simulator scenarios and by the chaos checker. Not thread-safe, and needs not be: pure functions.
 */
package org.gossipcdn.core.sim.check;
