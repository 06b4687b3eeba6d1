package io.strom.bench.whep;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

/**
 * One selector thread serving many readers' UDP sockets: it drains every readable socket into one
 * direct buffer and hands each datagram to its reader, runs tasks handed in from other threads
 * (answers, DTLS keys, snapshots), and ticks every reader's timers every {@value #TICK_MS} ms.
 * The buffers it lends to readers (receive, STUN, RTCP, sample copies) are its own, so the packet
 * path allocates nothing.
 */
final class IoLoop implements Runnable {
    private static final int TICK_MS = 10;
    private static final int MAX_READS_PER_KEY = 64;

    final DtlsIdentity identity;
    final ExecutorService handshakes;
    final Stun stun = new Stun();
    final ByteBuffer tx = ByteBuffer.allocate(1500);
    final byte[] rtcp = new byte[1500];
    final ByteBuffer rtcpOut = ByteBuffer.wrap(rtcp);
    final byte[] packet = new byte[2048];
    final byte[] plain = new byte[2048];
    private final ByteBuffer rx = ByteBuffer.allocateDirect(2048);
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Reader> readers = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    volatile Throwable crash;

    IoLoop(int index, DtlsIdentity identity, ExecutorService handshakes) throws IOException {
        this.identity = identity;
        this.handshakes = handshakes;
        this.selector = Selector.open();
        this.thread = new Thread(this, "whep-load-io-" + index);
    }

    void start() {
        thread.start();
    }

    /** Runs {@code task} on the loop thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void add(Reader reader) {
        execute(() -> {
            try {
                reader.key = reader.channel.register(selector, SelectionKey.OP_READ, reader);
                readers.add(reader);
            } catch (ClosedChannelException e) {
                reader.fail("socket closed before registration");
            }
        });
    }

    void remove(Reader reader) {
        execute(() -> {
            reader.close();
            readers.remove(reader);
        });
    }

    @Override
    public void run() {
        long nextTick = System.nanoTime();
        try {
            while (running) {
                selector.select(TICK_MS);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                long now = System.nanoTime();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid()) {
                        drain((Reader) key.attachment(), now);
                    }
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_MS * 1_000_000L;
                    for (int i = 0; i < readers.size(); i++) {
                        Reader r = readers.get(i);
                        if (r.active()) {
                            r.onTimer(now);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            crash = e;
            e.printStackTrace();
        } finally {
            for (Reader r : readers) {
                r.close();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // the process is ending
            }
        }
    }

    private void drain(Reader reader, long now) {
        DatagramChannel ch = reader.channel;
        try {
            for (int i = 0; i < MAX_READS_PER_KEY; i++) {
                rx.clear();
                SocketAddress from = null;
                if (ch.isConnected()) {
                    if (ch.read(rx) <= 0) {
                        return;
                    }
                } else if ((from = ch.receive(rx)) == null) {
                    return;
                }
                rx.flip();
                if (rx.remaining() > 0 && reader.active()) {
                    reader.onDatagram(rx, from, now);
                }
            }
        } catch (IOException e) {
            reader.fail("I/O: " + e.getMessage());
        }
    }

    void stop() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(5000);
    }
}
