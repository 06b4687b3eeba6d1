package io.strom.srtp.internal.transform;

/** What an SRTP context keeps per SSRC: RFC 3711 gives each SSRC its own rollover counter, replay list and SRTCP index. */
final class StreamState {

    /** The largest SRTCP index; RFC 3711 section 9.2 requires new keys before it wraps. */
    static final long MAX_SRTCP_INDEX = 0x7fffffffL;

    final int ssrc;
    /** SRTP indexes, both those protected (so a key stream is never reused) and those received. */
    final IndexWindow rtp = new IndexWindow();
    /** SRTCP indexes received. */
    final IndexWindow rtcp = new IndexWindow();
    /** The SRTCP index of the next protected RTCP packet. */
    long nextRtcpIndex;

    StreamState(int ssrc) {
        this.ssrc = ssrc;
    }
}
