package io.strom.webrtc.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.api.srtp.SrtpContext;
import io.strom.api.srtp.SrtpException;
import java.util.HashMap;
import java.util.Map;

/**
 * The SRTP contexts of what a peer sends, one per SSRC (each has its own rollover counter and
 * replay window), all keyed with the peer's DTLS-SRTP key. The number of SSRCs is bounded, so a
 * peer cannot grow the map. Used on the session's loop only.
 */
final class RemoteContexts {

    /** Distinct SSRCs a peer may send from before further ones are dropped. */
    private static final int MAX_SSRCS = 8;

    private final SrtpCipherSuite suite;
    private final byte[] key;
    private final byte[] salt;
    private final Map<Long, SrtpContext> bySsrc = new HashMap<>();

    RemoteContexts(SrtpCipherSuite suite, byte[] key, byte[] salt) {
        this.suite = suite;
        this.key = key;
        this.salt = salt;
    }

    /** The context of {@code ssrc}, or null past {@value #MAX_SSRCS} SSRCs. */
    SrtpContext of(long ssrc) {
        SrtpContext context = bySsrc.get(ssrc);
        if (context == null && bySsrc.size() < MAX_SSRCS) {
            context = suite.createContext(key, salt);
            bySsrc.put(ssrc, context);
        }
        return context;
    }

    /** Authenticates and decrypts an SRTCP packet in place; false when it fails (or comes from one SSRC too many). */
    boolean unprotectRtcp(ByteBuf packet) {
        SrtpContext context = packet.readableBytes() >= 8 ? of(packet.getUnsignedInt(packet.readerIndex() + 4)) : null;
        if (context == null) {
            return false;
        }
        try {
            context.unprotectRtcp(packet);
            return true;
        } catch (SrtpException e) {
            return false;
        }
    }
}
