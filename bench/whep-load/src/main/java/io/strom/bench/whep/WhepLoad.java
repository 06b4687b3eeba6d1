package io.strom.bench.whep;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * N WHEP readers in one process, for the WebRTC scale benchmark. Ramps the readers up at a given
 * rate, waits until each is receiving or has failed, lets them run for a warm-up, then measures
 * over a window (its own CPU, and the server's from /proc when given its PID), and writes a JSON
 * summary and optionally a CSV line per reader. See {@link Options#USAGE}.
 */
public final class WhepLoad {
    private static final long SECOND = 1_000_000_000L;
    private final Options options;
    private final List<Reader> readers = new ArrayList<>();
    private final List<CompletableFuture<?>> deletes = new ArrayList<>();
    private final HttpClient http;
    private IoLoop[] loops;
    private long offersInWindow;

    private WhepLoad(Options options) {
        this.options = options;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new WhepLoad(options).run());
    }

    private int run() throws Exception {
        DtlsIdentity identity = new DtlsIdentity();
        ExecutorService handshakes = Executors.newFixedThreadPool(options.handshakeThreads, r -> {
            Thread t = new Thread(r, "whep-load-dtls");
            t.setDaemon(true);
            return t;
        });
        loops = new IoLoop[options.loops];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop(i, identity, handshakes);
            loops[i].start();
        }
        Report report = new Report(options);
        report.cpuStart = processCpuNanos();
        long t0 = System.nanoTime();
        if (options.churnPerMinute > 0) {
            churn(identity, report);
        } else {
            steady(identity, t0, report);
        }
        for (Reader r : readers) {
            close(r);
        }
        CompletableFuture.allOf(deletes.toArray(new CompletableFuture[0])).completeOnTimeout(null, 15, TimeUnit.SECONDS).join();
        for (IoLoop loop : loops) {
            loop.stop();
        }
        handshakes.shutdownNow();
        report.cpuEnd = processCpuNanos();
        report.wallNanos = System.nanoTime() - t0;
        report.offersInWindow = offersInWindow;
        report.write(readers);
        for (IoLoop loop : loops) {
            if (loop.crash != null) {
                System.err.println("an I/O loop crashed: " + loop.crash);
                return 1;
            }
        }
        return report.connected(readers) > 0 ? 0 : 1;
    }

    private void steady(DtlsIdentity identity, long t0, Report report) throws Exception {
        long interval = (long) (SECOND / options.rate);
        for (int i = 0; i < options.readers; i++) {
            sleepUntil(t0 + i * interval);
            start(i, identity);
        }
        long settleEnd = System.nanoTime() + options.settleSeconds * SECOND;
        while (System.nanoTime() < settleEnd && !settled()) {
            Thread.sleep(100);
        }
        report.settledNanos = System.nanoTime() - t0;
        Thread.sleep(options.warmupSeconds * 1000L);
        window(report, () -> Thread.sleep(options.measureSeconds * 1000L));
        Thread.sleep(options.holdSeconds * 1000L);
    }

    /** Churn: offers at a fixed rate, each reader closed (DELETE) after its lifetime; the window follows the warm-up. */
    private void churn(DtlsIdentity identity, Report report) throws Exception {
        long interval = (long) (60 * SECOND / options.churnPerMinute);
        long start = System.nanoTime();
        long windowStart = start + options.warmupSeconds * SECOND;
        long end = windowStart + options.measureSeconds * SECOND;
        long next = start;
        boolean[] inWindow = {false};
        int id = 0;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (!inWindow[0] && now >= windowStart) {
                inWindow[0] = true;
                report.start(this, snapshot());
                mark("start");
            }
            if (now >= next) {
                start(id++, identity);
                if (inWindow[0]) {
                    offersInWindow++;
                }
                next += interval;
            }
            for (Reader r : readers) {
                if (r.active() && now - r.startNanos > options.sessionSeconds * SECOND) {
                    close(r);
                }
            }
            Thread.sleep(Math.max(1, Math.min(20, (next - System.nanoTime()) / 1_000_000)));
        }
        report.end(this, snapshot());
        mark("end");
        report.settledNanos = -1;
    }

    interface Sleep {
        void run() throws InterruptedException;
    }

    private void window(Report report, Sleep sleep) throws Exception {
        report.start(this, snapshot());
        mark("start");
        sleep.run();
        report.end(this, snapshot());
        mark("end");
    }

    private void mark(String line) throws IOException {
        if (options.windowFile != null) {
            Files.writeString(options.windowFile, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private boolean settled() {
        for (Reader r : readers) {
            if (r.active() && r.firstMediaNanos == 0) {
                return false;
            }
        }
        return true;
    }

    private void start(int id, DtlsIdentity identity) throws IOException {
        IoLoop loop = loops[id % loops.length];
        Reader r = new Reader(id, loop, options);
        readers.add(r);
        loop.add(r);
        String offer = Sdp.offer(r.ufrag, r.pwd, identity.fingerprint, r.local, System.nanoTime() & 0x7FFFFFFFFFFFL);
        HttpRequest request = HttpRequest.newBuilder(options.url).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(offer)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                loop.execute(() -> r.fail("HTTP: " + error));
            } else if (response.statusCode() != 201) {
                String body = response.body().strip();
                loop.execute(() -> r.fail("HTTP " + response.statusCode() + ": " + body.substring(0, Math.min(160, body.length()))));
            } else {
                try {
                    Sdp.Answer answer = Sdp.Answer.parse(response.body());
                    URI location = response.headers().firstValue("Location").map(options.url::resolve).orElse(null);
                    loop.execute(() -> r.onAnswer(answer, location, System.nanoTime()));
                } catch (RuntimeException e) {
                    loop.execute(() -> r.fail("answer: " + e.getMessage()));
                }
            }
        });
    }

    /** Stops a reader and ends its session with DELETE (WHEP's way to hang up). */
    private void close(Reader r) {
        if (r.closeRequested) {
            return;
        }
        r.closeRequested = true;
        CountDownLatch done = new CountDownLatch(1);
        r.loop.execute(() -> {
            r.close();
            done.countDown();
        });
        r.loop.remove(r);
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (r.location != null) {
            deletes.add(http.sendAsync(HttpRequest.newBuilder(r.location).timeout(Duration.ofSeconds(10)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding()).exceptionally(e -> null));
        }
    }

    /** Each reader's RTP packet and frame counts, read on its loop thread. */
    Snapshot snapshot() throws InterruptedException {
        int n = readers.size();
        Snapshot s = new Snapshot(n);
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Reader r = readers.get(i);
            int k = i;
            r.loop.execute(() -> {
                s.packets[k] = r.rtpPackets;
                s.frames[k] = r.frames();
                s.receiving[k] = r.state == Reader.State.MEDIA && r.firstMediaNanos != 0;
                done.countDown();
            });
        }
        done.await(10, TimeUnit.SECONDS);
        s.nanos = System.nanoTime();
        s.cpuNanos = processCpuNanos();
        s.serverTicks = options.serverPid > 0 ? ProcStat.cpuTicks(options.serverPid) : -1;
        return s;
    }

    static final class Snapshot {
        final long[] packets;
        final long[] frames;
        final boolean[] receiving;
        long nanos;
        long cpuNanos;
        long serverTicks;

        Snapshot(int n) {
            packets = new long[n];
            frames = new long[n];
            receiving = new boolean[n];
        }
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    Path json() {
        return options.json;
    }
}
