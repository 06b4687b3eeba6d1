package io.strom.srtp.internal.transform;

import io.netty.buffer.ByteBuf;
import io.strom.api.srtp.SrtpContext;
import io.strom.api.srtp.SrtpException;
import java.security.GeneralSecurityException;

/**
 * One direction of one SRTP session: session keys derived once from the master key, and per SSRC
 * the rollover counter, replay window and SRTCP index. Single-threaded, like the SPI says; the
 * cipher objects, IVs and scratch arrays are reused, so steady-state protection allocates only
 * what the provider's own API forces.
 *
 * <p>A sender may protect an index again, as libsrtp's {@code allow_repeat_tx} allows: a NACK is
 * answered by protecting the identical packet again, which gives the identical bytes, so no key
 * stream or GCM nonce ever meets a second plaintext. The caller must never reuse a sequence number
 * for other content (the WebRTC sender derives it from the shared packet). Every failure is a {@link SrtpException}; the
 * buffer is left as it came when a packet is rejected before its crypto runs, and must be dropped
 * when authentication fails.
 */
public final class SrtpSessionContext implements SrtpContext {

    /** More SSRCs than any bundled WebRTC session has (simulcast with RTX is about ten). */
    static final int MAX_STREAMS = 64;

    private final PacketCrypto rtp;
    private final PacketCrypto rtcp;
    private final StreamTable streams = new StreamTable(MAX_STREAMS);
    private final PacketBytes bytes = new PacketBytes();
    private final SuiteCounters counters;

    SrtpSessionContext(PacketCrypto rtp, PacketCrypto rtcp) {
        this(rtp, rtcp, new SuiteCounters());
    }

    SrtpSessionContext(PacketCrypto rtp, PacketCrypto rtcp, SuiteCounters counters) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.counters = counters;
    }

    /** Derives the session keys of {@code profile} (RFC 3711 section 4.3) from the master key and salt. */
    public static SrtpSessionContext create(SrtpProfile profile, CipherPrimitives primitives, byte[] masterKey,
            byte[] masterSalt) throws GeneralSecurityException {
        return create(profile, primitives, masterKey, masterSalt, new SuiteCounters());
    }

    /** As {@link #create(SrtpProfile, CipherPrimitives, byte[], byte[])}, counting packets into {@code counters}. */
    public static SrtpSessionContext create(SrtpProfile profile, CipherPrimitives primitives, byte[] masterKey,
            byte[] masterSalt, SuiteCounters counters) throws GeneralSecurityException {
        if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " takes a " + profile.keyLength() + "-byte key and a "
                    + profile.saltLength() + "-byte salt, not " + masterKey.length + " and " + masterSalt.length);
        }
        KeyDerivation kdf = new KeyDerivation(primitives, masterKey, masterSalt);
        return new SrtpSessionContext(
                crypto(profile, primitives, kdf, KeyDerivation.LABEL_RTP_ENCRYPTION),
                crypto(profile, primitives, kdf, KeyDerivation.LABEL_RTCP_ENCRYPTION), counters);
    }

    /** The packet crypto keyed by the three labels starting at {@code encryptionLabel} (0 for SRTP, 3 for SRTCP). */
    private static PacketCrypto crypto(SrtpProfile profile, CipherPrimitives primitives, KeyDerivation kdf,
            int encryptionLabel) throws GeneralSecurityException {
        byte[] key = kdf.derive(encryptionLabel, profile.keyLength());
        byte[] salt = kdf.derive(encryptionLabel + 2, profile.saltLength());
        return sessionCrypto(profile, primitives, key, salt, profile.aead() ? null : kdf.derive(encryptionLabel + 1,
                HmacSha1.LENGTH));
    }

    /** Packet crypto from session keys as they are, which is how the RFC 7714 test vectors are given. */
    static PacketCrypto sessionCrypto(SrtpProfile profile, CipherPrimitives primitives, byte[] key, byte[] salt,
            byte[] authKey) throws GeneralSecurityException {
        if (profile.aead()) {
            return new GcmCrypto(primitives.aesGcm(key), salt);
        }
        return new CmHmacCrypto(primitives.aesCtr(key), primitives.hmacSha1(authKey), salt);
    }

    @Override
    public void protectRtp(ByteBuf packet) throws SrtpException {
        int tag = rtp.tagLength();
        PacketBytes p = load(packet, tag);
        byte[] a = p.array;
        int off = p.offset;
        int end = off + p.length;
        int payload = RtpHeader.payloadOffset(a, off, p.length);
        StreamState s = streams.findOrAdd(Bytes.int32(a, off + 8));
        if (s == null) {
            throw new PacketRejected("more than " + MAX_STREAMS + " SSRCs under one SRTP key");
        }
        long index = s.rtp.estimate(Bytes.u16(a, off + 2));
        if (index < 0) {
            throw new PacketRejected("sequence number from before the stream's first packet");
        }
        try {
            rtp.sealRtp(a, off, payload, end, index);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw failed("SRTP protection", e);
        }
        if (index > s.rtp.top()) {
            s.rtp.accept(index); // a retransmission leaves the rollover state where it is
        }
        p.store(p.length + tag);
        counters.rtpProtected.increment();
    }

    @Override
    public void unprotectRtp(ByteBuf packet) throws SrtpException {
        int tag = rtp.tagLength();
        PacketBytes p = load(packet, 0);
        if (p.length < RtpHeader.FIXED_LENGTH + tag) {
            throw new PacketRejected("SRTP packet of " + p.length + " bytes is shorter than header and tag");
        }
        byte[] a = p.array;
        int off = p.offset;
        int end = off + p.length - tag;
        int payload = RtpHeader.payloadOffset(a, off, p.length - tag);
        int ssrc = Bytes.int32(a, off + 8);
        int seq = Bytes.u16(a, off + 2);
        StreamState s = streams.find(ssrc);
        long index = s == null ? seq : s.rtp.estimate(seq);
        if (s != null) {
            checkFresh(s.rtp, index, "received");
        }
        boolean authentic;
        try {
            authentic = rtp.openRtp(a, off, payload, end, index);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw failed("SRTP unprotection", e);
        }
        if (!authentic) {
            counters.rtpAuthFailures.increment();
            throw new PacketRejected("SRTP authentication failed (SSRC " + Integer.toUnsignedString(ssrc)
                    + ", sequence " + seq + ")");
        }
        acceptedStream(s, ssrc).rtp.accept(index);
        p.store(p.length - tag);
        counters.rtpUnprotected.increment();
    }

    @Override
    public void protectRtcp(ByteBuf packet) throws SrtpException {
        protectRtcp(packet, true);
    }

    /** Protects RTCP, leaving it unencrypted (E flag clear, authenticated only) when {@code encrypt} is false. */
    void protectRtcp(ByteBuf packet, boolean encrypt) throws SrtpException {
        int overhead = SrtpProfile.SRTCP_INDEX_LENGTH + rtcp.tagLength();
        PacketBytes p = load(packet, overhead);
        byte[] a = p.array;
        int off = p.offset;
        RtpHeader.checkRtcp(a, off, p.length);
        StreamState s = streams.findOrAdd(Bytes.int32(a, off + 4));
        if (s == null) {
            throw new PacketRejected("more than " + MAX_STREAMS + " SSRCs under one SRTP key");
        }
        if (s.nextRtcpIndex > StreamState.MAX_SRTCP_INDEX) {
            throw new PacketRejected("SRTCP index exhausted for SSRC " + Integer.toUnsignedString(s.ssrc)
                    + ": the session needs new keys");
        }
        int eIndex = (int) s.nextRtcpIndex | (encrypt ? 0x80000000 : 0);
        try {
            rtcp.sealRtcp(a, off, off + p.length, eIndex);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw failed("SRTCP protection", e);
        }
        s.nextRtcpIndex++;
        p.store(p.length + overhead);
        counters.rtcpProtected.increment();
    }

    @Override
    public void unprotectRtcp(ByteBuf packet) throws SrtpException {
        PacketBytes p = load(packet, 0);
        int overhead = SrtpProfile.SRTCP_INDEX_LENGTH + rtcp.tagLength();
        if (p.length < RtpHeader.RTCP_HEADER_LENGTH + overhead) {
            throw new PacketRejected("SRTCP packet of " + p.length + " bytes is shorter than header, index and tag");
        }
        byte[] a = p.array;
        int off = p.offset;
        RtpHeader.checkRtcp(a, off, p.length - overhead);
        int packetEnd = off + p.length;
        int eIndex = Bytes.int32(a, rtcp.srtcpIndexPosition(packetEnd));
        long index = eIndex & 0x7fffffff;
        int ssrc = Bytes.int32(a, off + 4);
        StreamState s = streams.find(ssrc);
        if (s != null) {
            checkFresh(s.rtcp, index, "received");
        }
        int end = rtcp.srtcpPayloadEnd(packetEnd);
        boolean authentic;
        try {
            authentic = rtcp.openRtcp(a, off, end, eIndex);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw failed("SRTCP unprotection", e);
        }
        if (!authentic) {
            counters.rtcpAuthFailures.increment();
            throw new PacketRejected("SRTCP authentication failed (SSRC " + Integer.toUnsignedString(ssrc)
                    + ", index " + index + ")");
        }
        acceptedStream(s, ssrc).rtcp.accept(index);
        p.store(end - off);
        counters.rtcpUnprotected.increment();
    }

    private PacketBytes load(ByteBuf packet, int room) throws PacketRejected {
        if (packet == null) {
            throw new PacketRejected("no packet");
        }
        bytes.load(packet, room);
        return bytes;
    }

    /** The stream of a packet that authenticated, added now if it is the first of its SSRC. */
    private StreamState acceptedStream(StreamState known, int ssrc) throws PacketRejected {
        StreamState s = known != null ? known : streams.findOrAdd(ssrc);
        if (s == null) {
            throw new PacketRejected("more than " + MAX_STREAMS + " SSRCs under one SRTP key");
        }
        return s;
    }

    private static void checkFresh(IndexWindow window, long index, String what) throws PacketRejected {
        if (index < 0) {
            throw new PacketRejected("sequence number from before the stream's first packet");
        }
        switch (window.check(index)) {
            case IndexWindow.REPLAYED:
                throw new PacketRejected("index " + index + " already " + what + " (replay)");
            case IndexWindow.TOO_OLD:
                throw new PacketRejected("index " + index + " is more than " + IndexWindow.SIZE
                        + " packets behind the newest " + what);
            default:
                break;
        }
    }

    /** A provider error (or a bug) becomes a rejection, so no exception escapes into the caller's event loop. */
    private static SrtpException failed(String what, Exception e) {
        SrtpException x = new SrtpException(what + " failed: " + e);
        x.initCause(e);
        return x;
    }
}
