package io.strom.webrtc.internal.dtls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a {@link DtlsServer} reports, and counts the events to catch double reports. */
final class RecordingListener implements DtlsListener {
    final CompletableFuture<DtlsResult> completed = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final AtomicInteger events = new AtomicInteger();

    /** The handshake's result, or an AssertionError naming the failure if the server reported one. */
    DtlsResult awaitCompleted() throws Exception {
        CompletableFuture.anyOf(completed, failed).get(5, TimeUnit.SECONDS);
        if (failed.isDone()) {
            throw new AssertionError("handshake failed: " + failed.get());
        }
        return completed.get();
    }

    @Override
    public void onHandshakeComplete(DtlsResult result) {
        events.incrementAndGet();
        completed.complete(result);
    }

    @Override
    public void onFailed(String reason) {
        events.incrementAndGet();
        failed.complete(reason);
    }

    @Override
    public void onClosed() {
        events.incrementAndGet();
        closed.complete(null);
    }
}
