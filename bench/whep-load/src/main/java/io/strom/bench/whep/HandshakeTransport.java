package io.strom.bench.whep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Bouncy Castle's view of a reader's socket during the DTLS handshake: the I/O loop hands in the
 * DTLS records it receives (copies, only while handshaking), the handshake thread sends on the
 * reader's connected channel.
 */
final class HandshakeTransport implements DatagramTransport {
    private static final int MTU = 1200;
    private final DatagramChannel channel;
    private final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(64);
    private volatile boolean closed;

    HandshakeTransport(DatagramChannel channel) {
        this.channel = channel;
    }

    /** Called by the I/O loop; drops the record when the queue is full (DTLS retransmits). */
    void offer(ByteBuffer record) {
        byte[] copy = new byte[record.remaining()];
        record.get(copy);
        received.offer(copy);
    }

    @Override
    public int getReceiveLimit() {
        return 1500;
    }

    @Override
    public int getSendLimit() {
        return MTU;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("reader closed");
        }
        try {
            byte[] r = received.poll(waitMillis, TimeUnit.MILLISECONDS);
            if (r == null) {
                return -1;
            }
            int n = Math.min(len, r.length);
            System.arraycopy(r, 0, buf, off, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        channel.write(ByteBuffer.wrap(buf, off, len));
    }

    @Override
    public void close() {
        closed = true;
    }
}
