package io.strom.webrtc.internal.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS server of one peer connection ({@code a=setup:passive}): waits for the browser's
 * ClientHello, runs the DTLS-SRTP handshake and reports the SRTP keys, then stays open to answer
 * retransmitted handshake flights and to notice the peer's alerts.
 *
 * <p>Bouncy Castle's handshake is blocking, so {@link #start()} runs it on the given executor,
 * holding one of its threads for at most the handshake timeout. After the handshake no thread is
 * held: each datagram passed to {@link #receive} is processed on the caller's thread, without
 * waiting. Inbound datagrams are copied into a queue of {@value #QUEUE_SLOTS} slots of
 * {@value #MAX_DATAGRAM} bytes; overflow, oversize and non-DTLS datagrams are dropped and
 * counted, never thrown. Application data (a data channel's SCTP) is not supported and is
 * counted and dropped.
 */
public final class DtlsServer {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsServer.class);

    /** Largest inbound datagram kept: an Ethernet MTU, more than any browser's DTLS record. */
    static final int MAX_DATAGRAM = 1500;
    /** Enough for two full client flights; a DTLS peer resends what we drop. */
    static final int QUEUE_SLOTS = 16;
    /** Our records stay under the usual WebRTC path MTU, as browsers' do. */
    static final int SEND_MTU = 1200;
    /** RFC 7983: the first byte of a DTLS record is 20..63; RTP, STUN and ZRTP fall outside. */
    private static final int FIRST_DTLS_BYTE = 20;
    private static final int LAST_DTLS_BYTE = 63;
    private static final int RECORD_HEADER = 13;

    private enum State { NEW, HANDSHAKING, ESTABLISHED, DONE }

    private final SrtpTlsServer tlsServer;
    private final DatagramQueue inbound = new DatagramQueue(QUEUE_SLOTS, MAX_DATAGRAM);
    private final QueuedDatagramTransport transport;
    private final Executor executor;
    private final int timeoutMillis;
    private final DtlsListener listener;
    /** Guards state and the record layer after the handshake; listener calls happen under it. */
    private final Object lock = new Object();
    private final LongAdder notDtls = new LongAdder();
    private final LongAdder applicationDataDropped = new LongAdder();
    private State state = State.NEW;
    private DTLSTransport established;

    /**
     * @param certificate our certificate, whose fingerprint is in the SDP answer
     * @param srtpProfiles the DTLS-SRTP profile ids we may use, most preferred first; each must be
     *        a {@link SrtpProfile}
     * @param peerFingerprint the fingerprint from the peer's SDP offer
     * @param sender where our DTLS datagrams go
     * @param executor runs the blocking handshake; it needs a free thread per handshake in progress
     * @param handshakeTimeout from {@link #start()} to a finished handshake, at most
     * @param listener told of the outcome (see {@link DtlsListener} for threads)
     */
    public DtlsServer(DtlsCertificate certificate, int[] srtpProfiles, DtlsFingerprint peerFingerprint,
            DatagramSender sender, Executor executor, Duration handshakeTimeout, DtlsListener listener) {
        if (srtpProfiles.length == 0) {
            throw new IllegalArgumentException("no SRTP profile allowed");
        }
        for (int id : srtpProfiles) {
            if (SrtpProfile.forId(id) == null) {
                throw new IllegalArgumentException(String.format("unknown SRTP profile 0x%04X", id));
            }
        }
        long millis = handshakeTimeout.toMillis();
        if (millis < 1 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshake timeout out of range: " + handshakeTimeout);
        }
        this.timeoutMillis = (int) millis;
        this.tlsServer = new SrtpTlsServer(certificate, srtpProfiles, Objects.requireNonNull(peerFingerprint),
                timeoutMillis);
        this.transport = new QueuedDatagramTransport(inbound, Objects.requireNonNull(sender), SEND_MTU);
        this.executor = Objects.requireNonNull(executor);
        this.listener = Objects.requireNonNull(listener);
    }

    /** Starts the handshake on the executor; the timeout runs from now. Only the first call counts. */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                return;
            }
            state = State.HANDSHAKING;
        }
        try {
            executor.execute(this::handshake);
        } catch (RejectedExecutionException e) {
            fail("DTLS handshake not started: executor rejected it");
        }
    }

    /**
     * Takes one inbound datagram; the buffer is borrowed (copied, not retained, indices unchanged).
     * Never throws: what is not DTLS, or does not fit the queue, is counted and dropped.
     */
    public void receive(ByteBuf datagram) {
        if (datagram.readableBytes() < RECORD_HEADER || !isDtlsContentType(datagram)) {
            notDtls.increment();
            return;
        }
        if (inbound.offer(datagram)) {
            processEstablished();
        }
    }

    /**
     * Sends close_notify if the handshake finished, stops a running handshake (its thread returns
     * promptly) and reports nothing further; idempotent.
     */
    public void close() {
        synchronized (lock) {
            if (state == State.DONE) {
                return;
            }
            state = State.DONE;
            closeRecordLayer();
        }
        logDrops();
    }

    /** Datagrams dropped because the queue was full, longer than {@value #MAX_DATAGRAM} bytes, or not DTLS. */
    public long droppedDatagrams() {
        return inbound.droppedFull() + inbound.droppedOversize() + notDtls.sum();
    }

    /** How many inbound slots hold a datagram buffer (none once the handshake is over and its datagrams are read). */
    int inboundBuffers() {
        return inbound.allocatedSlots();
    }

    /** Decrypted application data records dropped (data channels are not supported). */
    public long droppedApplicationData() {
        return applicationDataDropped.sum();
    }

    private void handshake() {
        long startNanos = System.nanoTime();
        DTLSTransport dtls;
        try {
            dtls = new DTLSServerProtocol().accept(tlsServer, transport);
        } catch (IOException | RuntimeException e) {
            fail(describe(e));
            return;
        }
        DtlsResult result = tlsServer.result();
        synchronized (lock) {
            if (state != State.HANDSHAKING) {
                closeQuietly(dtls);
                return;
            }
            established = dtls;
            state = State.ESTABLISHED;
            transport.stopBlocking();
            LOG.debug("DTLS handshake done in {} ms, {}", (System.nanoTime() - startNanos) / 1_000_000, result);
            report(() -> listener.onHandshakeComplete(result));
        }
        // Datagrams that arrived while the handshake was finishing (a peer's alert, a resent flight).
        processEstablished();
    }

    /**
     * Runs the record layer over what is queued, without waiting: answers a resent client flight
     * with our last flight, drops application data, and turns the peer's alerts into events.
     */
    private void processEstablished() {
        synchronized (lock) {
            if (state != State.ESTABLISHED) {
                return;
            }
            // allocated per call, not per session: after the handshake DTLS datagrams are rare
            byte[] applicationData = new byte[MAX_DATAGRAM];
            try {
                while (true) {
                    // -1: a record that failed authentication was discarded, as DTLS requires.
                    if (established.receive(applicationData, 0, applicationData.length, 0) >= 0) {
                        applicationDataDropped.increment();
                    }
                }
            } catch (QueuedDatagramTransport.QueueDrained e) {
                inbound.trim(); // the handshake's slot buffers are not needed any more
                return;
            } catch (IOException | RuntimeException e) {
                state = State.DONE;
                closeRecordLayer();
                if (tlsServer.peerClosed()) {
                    report(listener::onClosed);
                } else {
                    String reason = describe(e);
                    report(() -> listener.onFailed(reason));
                }
            }
        }
        logDrops();
    }

    private void fail(String reason) {
        synchronized (lock) {
            if (state != State.HANDSHAKING) {
                return;
            }
            state = State.DONE;
            closeRecordLayer();
            report(() -> listener.onFailed(reason));
        }
        logDrops();
    }

    /** With lock held: close_notify if established, then wake and shut the transport. */
    private void closeRecordLayer() {
        if (established != null) {
            closeQuietly(established);
        }
        transport.close();
    }

    /** A listener's exception must not end the handshake thread or escape into a caller's event loop. */
    private static void report(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener failed", e);
        }
    }

    private static void closeQuietly(DTLSTransport dtls) {
        try {
            dtls.close();
        } catch (IOException e) {
            LOG.debug("closing DTLS failed", e);
        }
    }

    private String describe(Exception e) {
        String refused = tlsServer.failureReason();
        if (refused != null) {
            return refused;
        }
        if (e instanceof TlsTimeoutException) {
            return "DTLS handshake timed out after " + timeoutMillis + " ms";
        }
        if (e instanceof TlsFatalAlertReceived) {
            return "peer sent fatal alert " + AlertDescription.getText(((TlsFatalAlertReceived) e).getAlertDescription());
        }
        if (e instanceof TlsFatalAlert) {
            return "DTLS failed with alert " + AlertDescription.getText(((TlsFatalAlert) e).getAlertDescription())
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (e instanceof InterruptedIOException) {
            return "DTLS handshake interrupted";
        }
        return "DTLS failed: " + e;
    }

    private static boolean isDtlsContentType(ByteBuf datagram) {
        int first = datagram.getUnsignedByte(datagram.readerIndex());
        return first >= FIRST_DTLS_BYTE && first <= LAST_DTLS_BYTE;
    }

    /** Called once, when the connection ends, so drops are logged as a total rather than per datagram. */
    private void logDrops() {
        long full = inbound.droppedFull();
        long oversize = inbound.droppedOversize();
        long other = notDtls.sum();
        long app = applicationDataDropped.sum();
        if (full + oversize + other + app > 0 && LOG.isDebugEnabled()) {
            LOG.debug("DTLS drops so far: {} queue full, {} oversize, {} not DTLS, {} application data",
                    full, oversize, other, app);
        }
    }
}
