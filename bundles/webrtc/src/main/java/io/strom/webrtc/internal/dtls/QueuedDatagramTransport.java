package io.strom.webrtc.internal.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.bouncycastle.tls.DatagramTransport;

/**
 * Bouncy Castle's view of one peer connection's datagrams: it reads from a {@link DatagramQueue}
 * and writes through a {@link DatagramSender}.
 *
 * <p>While the handshake runs, {@link #receive} blocks as a socket would. Once the handshake is
 * done the record layer is driven from {@link DtlsServer#receive} on the delivering thread, so
 * the transport is switched to non-blocking: an empty queue then throws
 * {@link InterruptedIOException}, which Bouncy Castle passes up without failing the connection,
 * returning control to the caller at once instead of waiting out a timeout.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    private final DatagramQueue inbound;
    private final DatagramSender sender;
    private final int sendLimit;
    private volatile boolean blocking = true;
    private volatile boolean closed;

    QueuedDatagramTransport(DatagramQueue inbound, DatagramSender sender, int sendLimit) {
        this.inbound = inbound;
        this.sender = sender;
        this.sendLimit = sendLimit;
    }

    /** From now on, {@link #receive} never waits. */
    void stopBlocking() {
        blocking = false;
    }

    @Override
    public int getReceiveLimit() {
        return inbound.slotSize();
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        try {
            if (blocking) {
                return inbound.poll(buf, off, len, waitMillis);
            }
            int received = inbound.pollNow(buf, off, len);
            if (received < 0) {
                throw QueueDrained.INSTANCE;
            }
            return received;
        } catch (DatagramQueue.QueueClosedException e) {
            throw new IOException("DTLS transport closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
        }
    }

    /** Sends unless closed; after close, Bouncy Castle's late alerts are dropped, not sent. */
    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            return;
        }
        try {
            sender.send(buf, off, len);
        } catch (RuntimeException e) {
            throw new IOException("sending a DTLS datagram failed: " + e.getMessage(), e);
        }
    }

    /** Stops sending and wakes a blocked receiver; idempotent. */
    @Override
    public void close() {
        closed = true;
        inbound.close();
    }

    /**
     * The "nothing queued" signal of the non-blocking mode. Shared and without a stack trace: it
     * is control flow, thrown once per inbound datagram after the handshake.
     */
    static final class QueueDrained extends InterruptedIOException {
        private static final long serialVersionUID = 1L;
        static final QueueDrained INSTANCE = new QueueDrained();

        private QueueDrained() {
            super("no queued DTLS datagram");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
