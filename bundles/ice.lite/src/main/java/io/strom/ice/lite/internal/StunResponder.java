package io.strom.ice.lite.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * Reads ICE connectivity checks (STUN Binding requests, RFC 8489 / RFC 8445 section 7.3) and
 * writes their success responses, straight on the pooled buffers. One instance per event loop:
 * its scratch state is not shared between threads.
 */
final class StunResponder {

    static final int HEADER = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int USE_CANDIDATE = 0x0025;
    static final int FINGERPRINT = 0x8028;
    static final int FINGERPRINT_XOR = 0x5354554E;
    private static final int HMAC_LENGTH = 20;

    /** What one datagram turned out to be. */
    enum Verdict { NOT_STUN, NOT_A_CHECK, MALFORMED, UNKNOWN_USER, BAD_INTEGRITY, ANSWERED }

    private final CRC32 crc = new CRC32();
    private final byte[] header = new byte[HEADER];
    private final byte[] hmac = new byte[HMAC_LENGTH];

    /** Parsed fields of the last {@link #read} (valid until the next call). */
    private int usernameAt;
    private int usernameLength;
    private int integrityAt;
    private boolean useCandidate;

    /** Whether the datagram is a STUN message by RFC 7983's first byte and the magic cookie. */
    static boolean isStun(ByteBuf d) {
        int at = d.readerIndex();
        return d.readableBytes() >= HEADER && (d.getUnsignedByte(at) & 0xC0) == 0
                && d.getInt(at + 4) == MAGIC_COOKIE;
    }

    /**
     * Handles one STUN datagram: a Binding request whose USERNAME names a session of
     * {@code sessions} and whose MESSAGE-INTEGRITY is right gets a success response written to
     * {@code out}, and the session learns the check.
     *
     * @param tcp the ICE-TCP connection the check came on, or null for the UDP port
     */
    Verdict handle(ByteBuf request, InetSocketAddress sender, Channel tcp, LiteSessions sessions,
            ByteBufAllocator alloc, Out out) {
        int at = request.readerIndex();
        if (request.getUnsignedShort(at) != BINDING_REQUEST) {
            return Verdict.NOT_A_CHECK;
        }
        if (!read(request)) {
            return Verdict.MALFORMED;
        }
        if (usernameAt < 0 || integrityAt < 0) {
            return Verdict.UNKNOWN_USER;
        }
        String username = request.toString(usernameAt, usernameLength, StandardCharsets.UTF_8);
        int colon = username.indexOf(':');
        LiteTransport transport = colon < 0 ? null : sessions.byUfrag(username.substring(0, colon));
        if (transport == null || !transport.acceptsRemoteUfrag(username.substring(colon + 1))) {
            return Verdict.UNKNOWN_USER;
        }
        if (!integrityMatches(request, transport.mac())) {
            return Verdict.BAD_INTEGRITY;
        }
        out.write(respond(request, sender, transport.mac(), alloc), sender);
        transport.onCheck(sender, tcp, useCandidate);
        return Verdict.ANSWERED;
    }

    /** Walks the attributes; false when they overrun the message or the FINGERPRINT is wrong. */
    private boolean read(ByteBuf m) {
        usernameAt = -1;
        integrityAt = -1;
        useCandidate = false;
        int start = m.readerIndex();
        int length = m.getUnsignedShort(start + 2);
        if ((length & 3) != 0 || HEADER + length > m.readableBytes()) {
            return false;
        }
        int end = start + HEADER + length;
        int at = start + HEADER;
        while (at + 4 <= end) {
            int type = m.getUnsignedShort(at);
            int valueLength = m.getUnsignedShort(at + 2);
            if (at + 4 + valueLength > end) {
                return false;
            }
            if (integrityAt < 0) {
                // attributes after MESSAGE-INTEGRITY are not covered by it: only FINGERPRINT counts
                if (type == USERNAME) {
                    usernameAt = at + 4;
                    usernameLength = valueLength;
                } else if (type == USE_CANDIDATE) {
                    useCandidate = true;
                } else if (type == MESSAGE_INTEGRITY) {
                    if (valueLength != HMAC_LENGTH) {
                        return false;
                    }
                    integrityAt = at;
                }
            }
            if (type == FINGERPRINT) {
                return valueLength == 4 && at + 8 == end && fingerprint(m, start, at) == m.getInt(at + 4);
            }
            at += 4 + ((valueLength + 3) & ~3);
        }
        return at == end;
    }

    private int fingerprint(ByteBuf m, int start, int attribute) {
        crc.reset();
        crc.update(m.nioBuffer(start, attribute - start));
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /** HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, the header's length counting to its end. */
    private boolean integrityMatches(ByteBuf m, Mac mac) {
        int start = m.readerIndex();
        m.getBytes(start, header);
        int covered = integrityAt - start - HEADER + 4 + HMAC_LENGTH;
        header[2] = (byte) (covered >> 8);
        header[3] = (byte) covered;
        mac.update(header);
        mac.update(m.nioBuffer(start + HEADER, integrityAt - start - HEADER));
        byte[] expected = mac.doFinal();
        m.getBytes(integrityAt + 4, hmac);
        return MessageDigest.isEqual(expected, hmac);
    }

    /** A Binding success response: XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT. */
    private ByteBuf respond(ByteBuf request, InetSocketAddress sender, Mac mac, ByteBufAllocator alloc) {
        InetAddress address = sender.getAddress();
        byte[] ip = address.getAddress();
        int mapped = 4 + 4 + ip.length;
        int length = mapped + 4 + HMAC_LENGTH + 8;
        ByteBuf r = alloc.directBuffer(HEADER + length);
        r.writeShort(BINDING_SUCCESS);
        r.writeShort(mapped + 4 + HMAC_LENGTH); // up to MESSAGE-INTEGRITY first
        r.writeBytes(request, request.readerIndex() + 4, 16); // cookie and transaction id
        r.writeShort(XOR_MAPPED_ADDRESS);
        r.writeShort(4 + ip.length);
        r.writeByte(0);
        r.writeByte(address instanceof Inet4Address ? 1 : 2);
        r.writeShort(sender.getPort() ^ (MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            // XOR with the cookie and then the transaction id, which follow each other in the header
            r.writeByte(ip[i] ^ r.getByte(4 + i));
        }
        mac.update(r.nioBuffer(0, r.writerIndex()));
        byte[] integrity = mac.doFinal();
        r.writeShort(MESSAGE_INTEGRITY);
        r.writeShort(HMAC_LENGTH);
        r.writeBytes(integrity);
        r.setShort(2, length);
        int fingerprintAt = r.writerIndex();
        r.writeShort(FINGERPRINT);
        r.writeShort(4);
        r.writeInt(fingerprint(r, 0, fingerprintAt));
        return r;
    }

    /** Where responses go: the UDP server's batched writer, or the TCP connection. */
    interface Out {
        void write(ByteBuf datagram, InetSocketAddress to);
    }
}
