package org.gossipcdn.core.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.spi.MessageHandler;

/**
 * A virtual-time network of hosts in one JVM: one event queue ordered by (time, sequence) runs
 * every host's loop, message deliveries and timers, so a run is a pure function of the seed and
 * the scenario. Links have loss and uniform delay; hosts can be partitioned, crashed, restarted
 * and given skewed clocks.
 *
 * <p>Not thread-safe: drive it from one thread. Per-host random generators are split from the
 * master seed in the order hosts are added.
 */
public final class SimNetwork {

    /** Virtual time starts here, so HLC wall clocks look like real ones. */
    public static final long EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private record Event(long time, long seq, Host host, int epoch, Runnable task) {}

    /** One simulated machine: where messages to an address go. */
    static final class Host {
        final Address address;
        MessageHandler handler;
        boolean up = true;
        int epoch;
        long clockOffsetMillis;
        int group;

        Host(Address address) {
            this.address = address;
        }
    }

    private final long seed;
    private final SplittableRandom master;
    private final SplittableRandom linkRandom;
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final Map<Address, Host> hosts = new HashMap<>();
    private long now;
    private long seq;
    private double loss;
    private long delayMinNanos = Duration.ofMillis(1).toNanos();
    private long delayMaxNanos = Duration.ofMillis(5).toNanos();
    private long eventsRun;
    private long errors;
    private String firstError;

    public SimNetwork(long seed) {
        this.seed = seed;
        this.master = new SplittableRandom(seed);
        this.linkRandom = master.split();
    }

    public long seed() {
        return seed;
    }

    /** A random generator for one node, split from the master seed. */
    public RandomGenerator splitRandom() {
        return master.split();
    }

    /** Adds a host at {@code address} (idempotent) and returns its clock, scheduler and transport. */
    public SimHostKit host(Address address) {
        Host h = hosts.computeIfAbsent(address, Host::new);
        return new SimHostKit(new SimClock(this, h), new SimScheduler(this, h), new SimTransport(this, h));
    }

    /** Every message is dropped with this probability, independently. */
    public void setLoss(double probability) {
        if (probability < 0 || probability >= 1) {
            throw new IllegalArgumentException("loss must be in [0, 1), was " + probability);
        }
        this.loss = probability;
    }

    /** Each message takes a uniform delay in [min, max]. */
    public void setDelay(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("delay needs 0 <= min <= max, was " + min + ".." + max);
        }
        delayMinNanos = min.toNanos();
        delayMaxNanos = max.toNanos();
    }

    /** Splits the hosts into groups that cannot reach each other; unlisted hosts form group 0. */
    public void partition(List<Set<Address>> groups) {
        hosts.values().forEach(h -> h.group = 0);
        for (int g = 0; g < groups.size(); g++) {
            for (Address a : groups.get(g)) {
                Host h = hosts.get(a);
                if (h == null) {
                    throw new IllegalArgumentException("no host " + a);
                }
                h.group = g + 1;
            }
        }
    }

    public void heal() {
        hosts.values().forEach(h -> h.group = 0);
    }

    /** Stops a host at once: its pending timers and messages are dropped; its disk (store) stays. */
    public void crash(Address address) {
        Host h = require(address);
        h.up = false;
        h.epoch++;
    }

    /** Lets a crashed host run again; the caller starts a new node on it. */
    public void revive(Address address) {
        Host h = require(address);
        h.up = true;
        h.epoch++;
    }

    public boolean isUp(Address address) {
        return require(address).up;
    }

    /** Shifts a host's wall clock (clock skew); its monotonic clock is unaffected. */
    public void setClockOffset(Address address, Duration offset) {
        require(address).clockOffsetMillis = offset.toMillis();
    }

    /** The wall clock of the host at {@code address} now, offset included. */
    public long wallMillis(Address address) {
        return EPOCH_MILLIS + now / 1_000_000 + require(address).clockOffsetMillis;
    }

    private Host require(Address address) {
        Host h = hosts.get(Objects.requireNonNull(address, "address"));
        if (h == null) {
            throw new IllegalArgumentException("no host " + address);
        }
        return h;
    }

    Host hostAt(Address address) {
        return hosts.get(address);
    }

    /** Virtual nanoseconds since the start. */
    public long nowNanos() {
        return now;
    }

    public long eventsRun() {
        return eventsRun;
    }

    void schedule(Host host, long delayNanos, Runnable task) {
        queue.add(new Event(now + Math.max(0, delayNanos), seq++, host, host.epoch, task));
    }

    /** True if a message from {@code from} to {@code to} gets through now (partition and loss). */
    boolean delivers(Host from, Host to) {
        if (from.group != to.group || !to.up) {
            return false;
        }
        return loss == 0 || linkRandom.nextDouble() >= loss;
    }

    long delay() {
        return delayMaxNanos == delayMinNanos ? delayMinNanos
                : delayMinNanos + linkRandom.nextLong(delayMaxNanos - delayMinNanos + 1);
    }

    /** Runs events for {@code duration} of virtual time. */
    public void runFor(Duration duration) {
        long end = now + duration.toNanos();
        while (!queue.isEmpty() && queue.peek().time <= end) {
            step();
        }
        now = end;
    }

    /**
     * Runs until {@code condition} holds (checked every {@code every}) or {@code max} passes.
     * @return true if the condition held
     */
    public boolean runUntil(BooleanSupplier condition, Duration every, Duration max) {
        long end = now + max.toNanos();
        while (now < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            runFor(every);
        }
        return condition.getAsBoolean();
    }

    private void step() {
        Event e = queue.poll();
        now = e.time;
        if (e.host.up && e.host.epoch == e.epoch) {
            eventsRun++;
            try {
                e.task.run();
            } catch (RuntimeException ex) {
                error(e.host.address + ": " + ex);
            }
        }
    }

    /**
     * Counts a failure a real deployment would show as a 500 or an aborted session: an exception
     * thrown by a host's task, or a request its handler failed. The run goes on.
     */
    public void error(String what) {
        errors++;
        if (firstError == null) {
            firstError = "at " + now / 1_000_000 + " ms: " + what;
        }
    }

    /** How many tasks threw and requests failed in handlers so far. */
    public long errors() {
        return errors;
    }

    /** The first of {@link #errors()}, with its virtual time; null if none. */
    public String firstError() {
        return firstError;
    }
}
