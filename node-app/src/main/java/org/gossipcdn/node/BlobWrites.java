package org.gossipcdn.node;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.replica.Precondition;
import org.gossipcdn.core.replica.SignedWrite;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.transport.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The write side of the blob API: PUT and POST bodies into the store, then the commit (and any
 * {@code ?replicas} wait); DELETE. A small body with a declared length is received whole on the
 * I/O thread and answered when the commit completes, so no worker waits; other bodies stream into
 * the store from a worker in blocking mode, memory bounded whatever the size.
 */
final class BlobWrites {

    private static final Logger LOG = LoggerFactory.getLogger(BlobWrites.class);
    private static final Duration LOCAL_COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final GossipNode node;
    private final Store store;
    private final long maxBlobBytes;
    private final Duration replicasTimeout;
    private final NodeMetrics metrics;
    private final Limits limits;
    private final WriteAnswers answers;
    private final DiskBudget disk;

    BlobWrites(GossipNode node, Store store, long maxBlobBytes, Duration replicasTimeout, NodeMetrics metrics, Limits limits,
               DiskBudget disk) {
        this.disk = disk;
        this.node = node;
        this.store = store;
        this.maxBlobBytes = maxBlobBytes;
        this.replicasTimeout = replicasTimeout;
        this.metrics = metrics;
        this.limits = limits;
        this.answers = new WriteAnswers(metrics, replicasTimeout);
    }

    /** PUT (or POST, {@code serverPicked}) of {@code key}; on the I/O thread only for a small declared body. */
    void write(HttpServerExchange ex, UUID key, boolean serverPicked) throws Exception {
        Optional<WriteRequest> request = WriteRequest.parse(ex, serverPicked, maxBlobBytes);
        if (request.isEmpty() || !roomFor(ex, ex.getRequestContentLength())) {
            return;
        }
        if (!ex.isBlocking()) {
            receiveSmall(ex, key, request.get());
            return;
        }
        Store.StoredContent content;
        InputStream in = new UploadDeadline(ex.getInputStream(), limits.bodyIdleTimeout().toNanos(),
                limits.minUploadBytesPerSecond());
        try {
            content = store.putContent(in, maxBlobBytes);
            in.close();
        } catch (Store.ContentTooLargeException e) {
            WriteAnswers.tooLarge(ex, e);
            return;
        } catch (UploadDeadline.TooSlow e) {
            // no answer: closing the stream or ending the exchange would wait for the rest of the body
            metrics.limited("slow-upload");
            LOG.info("cut off an upload of {} from {}: {}", key, ex.getSourceAddress(), e.getMessage());
            IoUtils.safeClose(ex.getConnection());
            return;
        }
        answers.written(ex, key, await(commit(key, content, request.get())), request.get());
    }

    /** Makes room for an upload (cache copies give way); else answers 507 (RFC 4918 §11.5) and returns false. */
    private boolean roomFor(HttpServerExchange ex, long declared) {
        if (disk.makeRoom(Math.max(0, declared))) {
            return true;
        }
        disk.refused();
        metrics.limited("disk");
        ex.getResponseHeaders().put(io.undertow.util.Headers.CONNECTION, "close");
        Problem.send(ex, 507, "Insufficient Storage", "this node's disk budget (--max-disk " + disk.maxBytes() + " bytes) is "
                + "spent on content it holds for its keys, with no cache copy left to evict (" + disk.usedBytes()
                + " bytes used" + (declared > 0 ? ", " + declared + " more asked" : "") + "); upload to another node, or "
                + "give this one more disk");
        return false;
    }

    private void receiveSmall(HttpServerExchange ex, UUID key, WriteRequest request) {
        AtomicBoolean received = new AtomicBoolean();
        // a small body must arrive whole within bodyIdleTimeout: a trickling client is cut off
        ex.getIoThread().executeAfter(() -> {
            if (!received.get()) {
                metrics.limited("slow-upload");
                LOG.info("cut off an upload of {} from {}: body not complete after {}", key, ex.getSourceAddress(),
                        limits.bodyIdleTimeout());
                IoUtils.safeClose(ex.getConnection());
            }
        }, limits.bodyIdleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ex.getRequestReceiver().receiveFullBytes(
                (e, bytes) -> {
                    received.set(true);
                    e.dispatch(SameThreadExecutor.INSTANCE, () -> writeSmall(e, key, request, bytes));
                },
                (e, error) -> {
                    received.set(true);
                    LOG.debug("upload of {} broke off: {}", key, error.toString());
                    IoUtils.safeClose(e.getConnection());
                });
    }

    private void writeSmall(HttpServerExchange ex, UUID key, WriteRequest request, byte[] body) {
        Store.StoredContent content;
        try {
            content = store.putContent(new ByteArrayInputStream(body), maxBlobBytes);
        } catch (Store.ContentTooLargeException e) {
            WriteAnswers.tooLarge(ex, e);
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warn("storing an upload of {} bytes failed", body.length, e);
            Problem.send(ex, 500, "Internal Server Error", "storing the upload failed: " + e.getMessage());
            return;
        }
        commit(key, content, request).whenComplete((done, error) -> ex.getIoThread().execute(() -> {
            if (error != null) {
                LOG.warn("a write failed on the node loop", error);
                Problem.send(ex, 500, "Internal Server Error", "the write failed: " + error.getMessage());
            } else {
                answers.written(ex, key, done, request);
            }
        }));
    }

    /** Commits the write (signed or not), then waits for {@code ?replicas} confirmations if it was written. */
    private CompletableFuture<WriteAnswers.Committed> commit(UUID key, Store.StoredContent content, WriteRequest request) {
        CompletableFuture<WriteOutcome> written = request.signed() == null
                ? node.write(key, content, request.contentType(), request.precondition())
                : node.write(key, content, request.contentType(), request.precondition(), request.signed());
        return written.thenCompose(outcome -> outcome instanceof WriteOutcome.Written w && request.replicas() > 1
                ? node.awaitReplicas(key, w.record().version(), request.replicas(), replicasTimeout)
                        .thenApply(confirmed -> new WriteAnswers.Committed(outcome, confirmed))
                : CompletableFuture.completedFuture(new WriteAnswers.Committed(outcome, 1)));
    }

    /** DELETE of {@code key}, from a worker thread. */
    void delete(HttpServerExchange ex, UUID key, boolean live) throws Exception {
        Optional<Precondition> pre = WriteRequest.precondition(ex);
        if (pre.isEmpty()) {
            Problem.send(ex, 412, "Precondition Failed", "If-Match names an ETag this node never issued");
            return;
        }
        Optional<SignedWrite> signed;
        try {
            signed = WriteRequest.signedWrite(ex);
        } catch (WriteRequest.BadSignatureHeaders e) {
            Problem.send(ex, 400, "Bad Request", e.getMessage());
            return;
        }
        if (!live) {
            if (pre.get() instanceof Precondition.None) {
                Problem.send(ex, 404, "Not Found", "no blob " + key);
            } else { // RFC 9110 §13.2.2: a failed If-Match is answered before the method is looked at
                Problem.send(ex, 412, "Precondition Failed", "the blob does not exist");
            }
            return;
        }
        answers.deleted(ex, await(signed.isPresent() ? node.delete(key, pre.get(), signed.get()) : node.delete(key, pre.get())));
    }

    /** Waits for a commit (and any replica confirmations, bounded by replicasTimeout) on a worker thread. */
    private <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(LOCAL_COMMIT_TIMEOUT.plus(replicasTimeout).toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.warn("a write failed on the node loop", e.getCause());
            throw e.getCause() instanceof Exception c ? c : e;
        } catch (TimeoutException e) {
            throw new IOException("the node did not commit the write in time", e);
        }
    }
}
