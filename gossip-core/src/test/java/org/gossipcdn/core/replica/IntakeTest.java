package org.gossipcdn.core.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.InlineContent;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.spi.Transport;
import org.gossipcdn.core.time.ClockSkew;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.time.ManualClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/**
 * Record intake's content fetch (proposal 0013): from whom, how often, when it gives up, and that
 * a record is committed only once its content is stored and checked.
 */
class IntakeTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final Address A = new Address("10.0.0.1", 7001);
    private static final Address B = new Address("10.0.0.2", 7001);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** Runs tasks in virtual time; {@code execute} runs at once (the test is the loop). */
    private static final class ManualScheduler implements Scheduler {
        record Timed(long at, long seq, Runnable task, boolean[] cancelled) {}

        final PriorityQueue<Timed> queue = new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at)
                : Long.compare(x.seq, y.seq));
        long now;
        long seq;

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            queue.add(new Timed(now + delay.toMillis(), seq++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        void advance(Duration d) {
            long until = now + d.toMillis();
            while (!queue.isEmpty() && queue.peek().at <= until) {
                Timed t = queue.poll();
                now = t.at;
                if (!t.cancelled[0]) {
                    t.task.run();
                }
            }
            now = until;
        }

        boolean pending() {
            return queue.stream().anyMatch(t -> !t.cancelled[0]);
        }
    }

    /** Serves content per source: bytes, a failure, or no answer at all; counts the fetches. */
    private static final class ScriptedTransport implements Transport {
        final Map<Address, byte[]> serves = new HashMap<>();
        final Map<Address, Boolean> silent = new HashMap<>();
        final List<Address> fetches = new ArrayList<>();

        @Override
        public CompletableFuture<GossipMessage> request(Address to, GossipMessage message) {
            return CompletableFuture.failedFuture(new IllegalStateException("no requests in this test"));
        }

        @Override
        public CompletableFuture<InputStream> fetchContent(Address from, Sha256 hash) {
            fetches.add(from);
            if (silent.getOrDefault(from, false)) {
                return new CompletableFuture<>();
            }
            byte[] bytes = serves.get(from);
            return bytes == null ? CompletableFuture.failedFuture(new IllegalStateException(from + " has no content"))
                    : CompletableFuture.completedFuture(new ByteArrayInputStream(bytes));
        }

        @Override
        public void bind(MessageHandler handler) {
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final InMemoryStore store = new InMemoryStore();
    private final List<BlobRecord> forwarded = new ArrayList<>();
    private final List<BlobRecord> mismatched = new ArrayList<>();
    private final Replica replica;
    private final Intake intake;

    IntakeTest() {
        ManualClock clock = new ManualClock(NOW);
        ClockSkew skew = new ClockSkew();
        skew.expectPeers(0);
        Listener listener = new Listener() {
            @Override
            public void onContentMismatch(BlobRecord record) {
                mismatched.add(record);
            }
        };
        replica = new Replica(new NodeId(0, 99), store, new HlcClock(clock, Duration.ofMinutes(1)), ReplicaConfig.defaults(),
                listener, skew);
        intake = new Intake(replica, new Exchange(transport, scheduler, listener), scheduler, listener, TIMEOUT, 2,
                forwarded::add);
    }

    private static BlobRecord record(UUID key, byte[] content) {
        return new BlobRecord(key, new Version(new Hlc(NOW - 1_000, 0), new NodeId(0, 1)), false, Sha256.of(content),
                content.length, "text/plain", CausalContext.EMPTY);
    }

    @Test
    void contentIsFetchedFromTheOfferingPeerCheckedAndOnlyThenCommittedAndForwarded() {
        byte[] content = {1, 2, 3};
        BlobRecord r = record(new UUID(1, 1), content);
        transport.serves.put(A, content);
        intake.offer(List.of(r), A, true);
        assertThat(transport.fetches).containsExactly(A);
        assertThat(replica.get(r.key()).orElseThrow().winner()).isEqualTo(r);
        assertThat(store.hasContent(r.contentHash())).isTrue();
        assertThat(forwarded).containsExactly(r);
        assertThat(intake.fetching()).isZero();
        assertThat(intake.isArriving(r.key())).isFalse();
    }

    @Test
    void anOfferThatDoesNotAskForForwardingIsNotForwarded() {
        byte[] content = {4};
        BlobRecord r = record(new UUID(1, 2), content);
        transport.serves.put(A, content);
        intake.offer(List.of(r), A, false);
        assertThat(replica.get(r.key())).isPresent();
        assertThat(forwarded).isEmpty();
    }

    @Test
    void aFailingSourceIsTriedFetchAttemptsTimesThenTheRecordIsLeftToAntiEntropy() {
        BlobRecord r = record(new UUID(1, 3), new byte[] {5});
        intake.offer(List.of(r), A, true);
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(transport.fetches).containsExactly(A, A); // fetchAttempts = 2, one source
        assertThat(replica.get(r.key())).isEmpty();
        assertThat(intake.fetching()).isZero();
        assertThat(intake.isArriving(r.key())).isFalse();
        assertThat(forwarded).isEmpty();
    }

    @Test
    void everySourceThatOfferedTheContentGetsItsTurn() {
        byte[] content = {6, 7};
        BlobRecord r = record(new UUID(1, 4), content);
        transport.silent.put(A, true); // A never answers
        transport.serves.put(B, content);
        intake.offer(List.of(r), A, true);
        intake.offer(List.of(r), B, true); // the same record from B while A's fetch is out
        assertThat(transport.fetches).containsExactly(A);
        assertThat(intake.isArriving(r.key())).isTrue();
        scheduler.advance(TIMEOUT.minusMillis(1));
        assertThat(transport.fetches).as("no retry before the timeout").containsExactly(A);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(transport.fetches).containsExactly(A, B);
        assertThat(replica.get(r.key()).orElseThrow().winner()).isEqualTo(r);
        assertThat(scheduler.pending()).as("no timer left behind").isFalse();
    }

    @Test
    void withTwoSilentSourcesEachIsTriedFetchAttemptsTimes() {
        BlobRecord r = record(new UUID(1, 5), new byte[] {8});
        transport.silent.put(A, true);
        transport.silent.put(B, true);
        intake.offer(List.of(r), A, true);
        intake.offer(List.of(r), B, true);
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(transport.fetches).containsExactly(A, B, A, B);
        assertThat(intake.fetching()).isZero();
    }

    @Test
    void contentThatDoesNotHashToItsRecordIsDiscardedAndCounted() {
        BlobRecord r = record(new UUID(1, 6), new byte[] {9});
        transport.serves.put(A, new byte[] {10}); // other bytes
        intake.offer(List.of(r), A, true);
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(replica.get(r.key())).isEmpty();
        assertThat(mismatched).isNotEmpty().allMatch(r::equals);
    }

    @Test
    void recordsOfTwoKeysWaitingForOneContentShareOneFetch() {
        byte[] content = {11, 12};
        BlobRecord first = record(new UUID(2, 1), content);
        BlobRecord second = record(new UUID(2, 2), content);
        transport.silent.put(A, true);
        intake.offer(List.of(first), A, true);
        intake.offer(List.of(second), A, true);
        assertThat(transport.fetches).containsExactly(A);
        transport.silent.put(A, false);
        transport.serves.put(A, content);
        scheduler.advance(TIMEOUT);
        assertThat(transport.fetches).containsExactly(A, A);
        assertThat(replica.get(first.key())).isPresent();
        assertThat(replica.get(second.key())).isPresent();
    }

    @Test
    void aStoppedIntakeCommitsNothingMore() {
        byte[] content = {13};
        BlobRecord r = record(new UUID(3, 1), content);
        transport.silent.put(A, true);
        intake.offer(List.of(r), A, true);
        intake.stop();
        transport.silent.put(A, false);
        transport.serves.put(A, content);
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(replica.get(r.key())).isEmpty();
    }

    @Test
    void aRecordWithoutContentIsCommittedWithoutAFetch() {
        BlobRecord empty = new BlobRecord(new UUID(3, 2), new Version(new Hlc(NOW - 1_000, 0), new NodeId(0, 1)), false,
                Sha256.EMPTY, 0, "text/plain", CausalContext.EMPTY);
        intake.offer(List.of(empty), A, true);
        assertThat(transport.fetches).isEmpty();
        assertThat(replica.get(empty.key())).isPresent();
    }

    @Test
    void aForgedSizeDoesNotShareTheHonestRecordsFetch() {
        byte[] content = {14, 15, 16};
        BlobRecord honest = record(new UUID(4, 1), content);
        BlobRecord forged = new BlobRecord(new UUID(4, 2), honest.version(), false, honest.contentHash(), Long.MAX_VALUE / 2,
                "text/plain", CausalContext.EMPTY);
        transport.serves.put(A, content);
        transport.silent.put(B, true);
        intake.offer(List.of(forged), B, true); // a forger's record: same hash, absurd size, its source never answers
        intake.offer(List.of(honest), A, true);
        assertThat(replica.get(honest.key())).isPresent();
        scheduler.advance(Duration.ofHours(3));
        assertThat(replica.get(forged.key())).isEmpty();
    }

    @Test
    void aNodeThatDoesNotHoldTheKeyTakesTheRecordWithoutItsContent() {
        ClockSkew skew = new ClockSkew();
        skew.expectPeers(0);
        InMemoryStore other = new InMemoryStore();
        Replica nonHolder = new Replica(new NodeId(0, 98), other, new HlcClock(new ManualClock(NOW), Duration.ofMinutes(1)),
                ReplicaConfig.defaults(), Listener.NONE, skew, key -> false);
        List<BlobRecord> passedOn = new ArrayList<>();
        Intake at = new Intake(nonHolder, new Exchange(transport, scheduler, Listener.NONE), scheduler, Listener.NONE,
                TIMEOUT, 2, passedOn::add);
        BlobRecord r = record(new UUID(3, 1), new byte[] {7, 7});
        at.offer(List.of(r), A, true);
        assertThat(transport.fetches).isEmpty();
        assertThat(nonHolder.get(r.key()).orElseThrow().winner()).isEqualTo(r);
        assertThat(other.hasContent(r.contentHash())).isFalse();
        assertThat(passedOn).containsExactly(r);
    }

    @Test
    void aContentFetchByHashTriesTheSourcesInTurnAndSaysWhetherItIsStored() {
        byte[] content = {8, 8, 8};
        transport.serves.put(B, content);
        CompletableFuture<Boolean> fetched = intake.fetch(Sha256.of(content), content.length, List.of(A, B));
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(fetched).isCompletedWithValue(true);
        assertThat(transport.fetches).startsWith(A).contains(B);
        assertThat(store.hasContent(Sha256.of(content))).isTrue();
        assertThat(intake.fetch(Sha256.of(content), content.length, List.of())).isCompletedWithValue(true);
        CompletableFuture<Boolean> nowhere = intake.fetch(Sha256.of(new byte[] {1, 1}), 2, List.of(A));
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(nowhere).isCompletedWithValue(false);
    }

    // ---- inline content (an eager push, proposal 0021) ------------------------------------

    @Test
    void inlineContentThatMatchesItsRecordIsStoredAndCommittedWithoutAFetch() {
        byte[] content = "small".getBytes();
        BlobRecord r = record(new UUID(7, 1), content);

        intake.offer(List.of(r), A, true, List.of(new InlineContent(r.contentHash(), content)));

        assertThat(transport.fetches).isEmpty();
        assertThat(store.get(r.key())).hasValueSatisfying(s -> assertThat(s.knows(r.version())).isTrue());
        assertThat(store.hasContent(r.contentHash())).isTrue();
        assertThat(forwarded).containsExactly(r);
    }

    @Test
    void inlineBytesThatDoNotHashToTheRecordAreReportedAndTheContentIsFetchedFromTheSender() {
        byte[] content = "honest".getBytes();
        BlobRecord r = record(new UUID(7, 2), content);
        transport.serves.put(A, content);

        intake.offer(List.of(r), A, true, List.of(new InlineContent(r.contentHash(), "forged".getBytes())));

        assertThat(mismatched).containsExactly(r);
        assertThat(transport.fetches).containsExactly(A);
        assertThat(store.get(r.key())).hasValueSatisfying(s -> assertThat(s.knows(r.version())).isTrue());
        assertThat(forwarded).containsExactly(r);
    }

    @Test
    void inlineBytesOfAnotherSizeThanTheRecordNamesAreNotTaken() {
        byte[] content = "twelve bytes".getBytes();
        BlobRecord honest = record(new UUID(7, 3), content);
        BlobRecord shortened = new BlobRecord(honest.key(), honest.version(), false, honest.contentHash(), 5, "text/plain",
                CausalContext.EMPTY);

        intake.offer(List.of(shortened), A, true, List.of(new InlineContent(honest.contentHash(), content)));
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(mismatched).containsExactly(shortened);
        assertThat(store.get(honest.key())).isEmpty();
        assertThat(forwarded).isEmpty();
    }
}
