package io.strom.bench.whep;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.tls.DTLSClientProtocol;

/**
 * One WHEP reader: its UDP socket, ICE as the controlling agent, the DTLS handshake (run on a
 * handshake thread), then SRTP receive with counting, sampled authentication and decryption, and
 * RTCP receiver reports and NACKs. Everything but the HTTP exchange and the handshake runs on its
 * {@link IoLoop}'s thread; the packet path allocates nothing.
 */
final class Reader {
    enum State { OFFERING, CHECKING, HANDSHAKING, MEDIA, CLOSED, FAILED }

    private static final long MS = 1_000_000L;
    private static final long CHECK_INTERVAL = 50 * MS;
    private static final long RTCP_INTERVAL = 1000 * MS;
    private static final long CONSENT_INTERVAL = 5000 * MS;

    final int id;
    final IoLoop loop;
    final DatagramChannel channel;
    final InetSocketAddress local;
    final String ufrag;
    final String pwd;
    private final byte[] ufragBytes;
    private final byte[] pwdBytes;
    private final Options options;
    private final long tieBreaker = ThreadLocalRandom.current().nextLong();
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final byte[] transaction = new byte[12];
    SelectionKey key;
    volatile State state = State.OFFERING;
    volatile String failure;
    volatile boolean closeRequested;
    URI location;

    private Sdp.Answer answer;
    private byte[] remoteKey;
    private byte[] username;
    private int nextCandidate;
    private InetSocketAddress remote;
    private byte[] remoteAddressBytes;
    private long iceDeadline;
    private long nextCheck;
    private HandshakeTransport handshake;
    private SrtpCrypto incoming;
    private SrtpCrypto outgoing;
    private int srtcpIndex;
    private long nextRtcp;
    private long nextConsent;
    private int sampleCountdown;
    private int dropCountdown;
    long dropped;

    RtpStream video;
    RtpStream audio;
    int profile = -1;
    final long startNanos = System.nanoTime();
    long answeredNanos;
    long iceNanos;
    long dtlsNanos;
    long firstMediaNanos;
    long lastMediaNanos;
    long rtpPackets;
    long rtcpPackets;
    long strayPackets;
    long stunRequests;
    long stunBadRequests;
    long decrypted;
    long authFailures;
    long receiverReports;
    long nackPackets;
    long rtcpSendFailures;

    Reader(int id, IoLoop loop, Options options) throws IOException {
        this.id = id;
        this.loop = loop;
        this.options = options;
        this.channel = DatagramChannel.open();
        channel.configureBlocking(false);
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, options.receiveBuffer);
        channel.bind(new InetSocketAddress(options.bind, 0));
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.ufrag = randomToken(8);
        this.pwd = randomToken(24);
        this.ufragBytes = Stun.utf8(ufrag);
        this.pwdBytes = Stun.utf8(pwd);
        this.sampleCountdown = 1 + ThreadLocalRandom.current().nextInt(Math.max(1, options.sample));
        this.dropCountdown = options.drop;
    }

    private static String randomToken(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length()));
        }
        return new String(c);
    }

    boolean active() {
        return state != State.CLOSED && state != State.FAILED;
    }

    /** The answer arrived (loop thread): start connectivity checks. */
    void onAnswer(Sdp.Answer a, URI location, long now) {
        if (state != State.OFFERING) {
            return;
        }
        this.answer = a;
        this.location = location;
        this.remoteKey = Stun.utf8(a.pwd());
        this.username = Stun.utf8(a.ufrag() + ":" + ufrag);
        answeredNanos = now;
        iceDeadline = now + options.iceTimeoutMs * MS;
        nextCheck = now;
        Stun.newTransaction(transaction);
        state = State.CHECKING;
        onTimer(now);
    }

    void fail(String reason) {
        if (active()) {
            failure = reason;
            state = State.FAILED;
            if (handshake != null) {
                handshake.close();
            }
        }
    }

    /** One datagram, in {@code b} (position 0, limit its length); {@code from} is null on a connected channel. */
    void onDatagram(ByteBuffer b, SocketAddress from, long now) throws IOException {
        int first = b.get(0) & 0xFF;
        if (first >= 128 && first < 192) {
            media(b, now);
        } else if (first >= 20 && first < 64) {
            if (state == State.HANDSHAKING && handshake != null) {
                handshake.offer(b);
            }
        } else if (first < 4 && Stun.isStun(b)) {
            stun(b, from != null ? (InetSocketAddress) from : remote, now);
        } else {
            strayPackets++;
        }
    }

    private void stun(ByteBuffer b, InetSocketAddress from, long now) throws IOException {
        int type = Stun.type(b);
        if (type == Stun.BINDING_REQUEST) {
            stunRequests++;
            if (!loop.stun.verifyRequest(b, ufragBytes, pwdBytes)) {
                stunBadRequests++;
                return;
            }
            byte[] address = from == remote && remoteAddressBytes != null ? remoteAddressBytes : from.getAddress().getAddress();
            loop.stun.bindingSuccess(loop.tx, b, address, from.getPort(), pwdBytes);
            send(loop.tx, from);
        } else if (type == Stun.BINDING_SUCCESS && state == State.CHECKING && Stun.sameTransaction(b, transaction)) {
            iceNanos = now;
            remote = from;
            remoteAddressBytes = from.getAddress().getAddress();
            channel.connect(remote);
            state = State.HANDSHAKING;
            handshake = new HandshakeTransport(channel);
            nextConsent = now + CONSENT_INTERVAL;
            loop.handshakes.execute(this::handshake);
        } else if (type == Stun.BINDING_ERROR && state == State.CHECKING && Stun.sameTransaction(b, transaction)) {
            fail("ICE: the server answered the check with an error");
        }
    }

    private void send(ByteBuffer out, InetSocketAddress to) throws IOException {
        if (channel.isConnected()) {
            channel.write(out);
        } else {
            channel.send(out, to);
        }
    }

    /** On a handshake thread: the blocking DTLS 1.2 handshake, then keys for the loop. */
    private void handshake() {
        try {
            DtlsClient client = new DtlsClient(loop.identity, options.profiles, answer.fingerprint(),
                    options.handshakeTimeoutMs);
            new DTLSClientProtocol().connect(client, handshake);
            int p = client.selectedProfile();
            byte[] m = client.keyingMaterial();
            int k = SrtpCrypto.keyLength(p);
            int s = SrtpCrypto.saltLength(p);
            SrtpCrypto out = new SrtpCrypto(p, Arrays.copyOfRange(m, 0, k), Arrays.copyOfRange(m, 2 * k, 2 * k + s));
            SrtpCrypto in = new SrtpCrypto(p, Arrays.copyOfRange(m, k, 2 * k), Arrays.copyOfRange(m, 2 * k + s, 2 * k + 2 * s));
            loop.execute(() -> keys(p, in, out));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String reason = "DTLS: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            loop.execute(() -> fail(reason));
        }
    }

    private void keys(int p, SrtpCrypto in, SrtpCrypto out) {
        if (state != State.HANDSHAKING) {
            return;
        }
        profile = p;
        incoming = in;
        outgoing = out;
        long now = System.nanoTime();
        dtlsNanos = now;
        nextRtcp = now + ThreadLocalRandom.current().nextLong(RTCP_INTERVAL);
        state = State.MEDIA;
    }

    private void media(ByteBuffer b, long now) {
        int length = b.limit();
        int second = b.get(1) & 0xFF;
        if (second >= 192 && second <= 223) {
            rtcpPackets++;
            return;
        }
        if (length < 12 || answer == null) {
            strayPackets++;
            return;
        }
        int pt = second & 0x7F;
        long packetSsrc = b.getInt(8) & 0xFFFFFFFFL;
        RtpStream s = stream(pt, packetSsrc);
        if (s == null) {
            strayPackets++;
            return;
        }
        if (options.drop > 0 && --dropCountdown <= 0) {
            dropCountdown = options.drop;
            dropped++;
            return;
        }
        rtpPackets++;
        if (firstMediaNanos == 0) {
            firstMediaNanos = now;
        }
        lastMediaNanos = now;
        long index = s.onPacket(b.getShort(2) & 0xFFFF, b.getInt(4), (second & 0x80) != 0, length);
        if (index >= 0 && --sampleCountdown <= 0) {
            sampleCountdown = options.sample;
            sample(b, length, index);
        }
    }

    private RtpStream stream(int pt, long packetSsrc) {
        if (video != null && video.ssrc == packetSsrc) {
            return video;
        }
        if (audio != null && audio.ssrc == packetSsrc) {
            return audio;
        }
        if (video == null && pt == answer.videoPt()) {
            video = new RtpStream(packetSsrc, true);
            return video;
        }
        if (audio == null && pt == answer.audioPt()) {
            audio = new RtpStream(packetSsrc, false);
            return audio;
        }
        return null;
    }

    private void sample(ByteBuffer b, int length, long index) {
        if (incoming == null) {
            return;
        }
        b.get(0, loop.packet, 0, length);
        try {
            if (incoming.unprotectRtp(loop.packet, length, index, loop.plain) >= 0) {
                decrypted++;
            } else {
                authFailures++;
            }
        } catch (GeneralSecurityException e) {
            authFailures++;
        }
    }

    /** Every loop tick: ICE check retransmissions, NACKs, receiver reports, consent checks. */
    void onTimer(long now) {
        try {
            if (state == State.CHECKING) {
                if (now - iceDeadline > 0) {
                    fail("ICE: no answer to " + answer.candidates().size() + " candidate(s) in " + options.iceTimeoutMs + " ms");
                } else if (now - nextCheck >= 0) {
                    InetSocketAddress to = answer.candidates().get(nextCandidate++ % answer.candidates().size());
                    loop.stun.bindingRequest(loop.tx, transaction, username, remoteKey, tieBreaker, true);
                    send(loop.tx, to);
                    nextCheck = now + CHECK_INTERVAL;
                }
                return;
            }
            if (state != State.MEDIA) {
                return;
            }
            boolean nacks = video != null && video.pendingNackCount > 0 || audio != null && audio.pendingNackCount > 0;
            if (nacks || now - nextRtcp >= 0) {
                rtcp(now);
            }
            if (now - nextConsent >= 0) {
                nextConsent = now + CONSENT_INTERVAL;
                Stun.newTransaction(transaction);
                loop.stun.bindingRequest(loop.tx, transaction, username, remoteKey, tieBreaker, false);
                send(loop.tx, remote);
            }
        } catch (IOException e) {
            fail("I/O: " + e.getMessage());
        }
    }

    /** A compound RTCP packet: RR with a block per stream, then a generic NACK per stream with gaps. */
    private void rtcp(long now) throws IOException {
        byte[] p = loop.rtcp;
        int blocks = (video != null && video.started() ? 1 : 0) + (audio != null && audio.started() ? 1 : 0);
        p[0] = (byte) (0x80 | blocks);
        p[1] = (byte) 201;
        int length = 8 + 24 * blocks;
        p[2] = 0;
        p[3] = (byte) (length / 4 - 1);
        SrtpCrypto.writeInt(p, 4, ssrc);
        int pos = 8;
        if (video != null && video.started()) {
            video.reportBlock(p, pos);
            pos += 24;
        }
        if (audio != null && audio.started()) {
            audio.reportBlock(p, pos);
            pos += 24;
        }
        pos = nack(video, p, pos);
        pos = nack(audio, p, pos);
        if (now - nextRtcp >= 0) {
            nextRtcp = now + RTCP_INTERVAL;
            receiverReports++;
        }
        try {
            int n = outgoing.protectRtcp(p, pos, srtcpIndex++);
            ByteBuffer out = loop.rtcpOut;
            out.clear().limit(n);
            channel.write(out);
        } catch (GeneralSecurityException e) {
            rtcpSendFailures++;
        }
    }

    /** Appends a generic NACK (RFC 4585 6.2.1) for the stream's pending numbers; returns the new end. */
    private int nack(RtpStream s, byte[] p, int start) {
        if (s == null || s.pendingNackCount == 0) {
            return start;
        }
        int pos = start + 12;
        int[] q = s.pendingNacks;
        int n = s.pendingNackCount;
        for (int i = 0; i < n && pos + 4 <= 1400; ) {
            int pid = q[i];
            int blp = 0;
            int j = i + 1;
            while (j < n) {
                int d = (q[j] - pid) & 0xFFFF;
                if (d < 1 || d > 16) {
                    break;
                }
                blp |= 1 << (d - 1);
                j++;
            }
            p[pos] = (byte) (pid >>> 8);
            p[pos + 1] = (byte) pid;
            p[pos + 2] = (byte) (blp >>> 8);
            p[pos + 3] = (byte) blp;
            pos += 4;
            i = j;
        }
        s.nacked += n;
        s.pendingNackCount = 0;
        p[start] = (byte) (0x80 | 1);
        p[start + 1] = (byte) 205;
        int words = (pos - start) / 4 - 1;
        p[start + 2] = (byte) (words >>> 8);
        p[start + 3] = (byte) words;
        SrtpCrypto.writeInt(p, start + 4, ssrc);
        SrtpCrypto.writeInt(p, start + 8, s.ssrc);
        nackPackets++;
        return pos;
    }

    /** Loop thread: stop receiving; the DELETE is the caller's. */
    void close() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a UDP socket: nothing to recover
        }
        if (handshake != null) {
            handshake.close();
        }
        if (active()) {
            state = State.CLOSED;
        }
    }

    /** RTP packets of both streams counted once (retransmissions that filled a gap included). */
    long uniquePackets() {
        return (video == null ? 0 : video.unique) + (audio == null ? 0 : audio.unique);
    }

    long frames() {
        return video == null ? 0 : video.frames;
    }

    long markers() {
        return video == null ? 0 : video.markers;
    }
}
