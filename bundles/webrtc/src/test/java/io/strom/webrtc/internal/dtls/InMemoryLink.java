package io.strom.webrtc.internal.dtls;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.bouncycastle.tls.DatagramTransport;

/**
 * A loss-free datagram link between a {@link DtlsServer} and a Bouncy Castle client, in memory:
 * the server's sender queues for the client, the client's sends go straight into
 * {@link DtlsServer#receive} as borrowed buffers. This object is the client's transport.
 */
final class InMemoryLink implements DatagramTransport {
    private final BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private volatile DtlsServer server;
    private volatile boolean closed;
    /** Runs before each client datagram is delivered, e.g. to slip garbage in front of it. */
    volatile Consumer<DtlsServer> beforeClientDatagram = s -> { };

    /** Decides which of the server's datagrams get lost on the way. */
    volatile Predicate<byte[]> loseFromServer = d -> false;

    /** What the server is given to send with. */
    final DatagramSender serverSender = (data, off, len) -> {
        byte[] datagram = Arrays.copyOfRange(data, off, off + len);
        if (!loseFromServer.test(datagram)) {
            toClient.add(datagram);
        }
    };

    void connect(DtlsServer server) {
        this.server = server;
    }

    /** Delivers bytes to the server as one datagram, checking that it only borrowed the buffer. */
    static void deliver(DtlsServer server, byte[] datagram) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        server.receive(buf);
        if (buf.readerIndex() != 0 || buf.refCnt() != 1) {
            throw new AssertionError("DtlsServer.receive changed a borrowed buffer");
        }
        buf.release();
    }

    @Override
    public int getReceiveLimit() {
        return 1500;
    }

    @Override
    public int getSendLimit() {
        return 1200;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("link closed");
        }
        try {
            byte[] datagram = toClient.poll(waitMillis == 0 ? 10_000 : waitMillis, TimeUnit.MILLISECONDS);
            if (datagram == null) {
                return -1;
            }
            int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        beforeClientDatagram.accept(server);
        deliver(server, Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void close() {
        closed = true;
    }
}
