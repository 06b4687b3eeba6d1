package io.strom.it.osgi;

import java.util.ArrayList;
import java.util.List;

/**
 * SDP offers shaped like a browser's (the webrtc bundle's unit-test offer), without candidates:
 * those would trickle in later, so the server's ICE agent sends no check anywhere and the
 * session simply waits until the test deletes it.
 */
final class WhepOffers {

    private WhepOffers() {
    }

    /** Video with VP8, two H264 profiles and RTX, audio with Opus and G711; BUNDLE, rtcp-mux. */
    static String browser() {
        return offer("a=group:BUNDLE 0 1",
                section("m=video 9 UDP/TLS/RTP/SAVPF 96 97 103 104 105", 0,
                        "a=rtcp-rsize",
                        "a=rtpmap:96 VP8/90000",
                        "a=rtcp-fb:96 nack",
                        "a=rtcp-fb:96 nack pli",
                        "a=rtpmap:97 rtx/90000",
                        "a=fmtp:97 apt=96",
                        "a=rtpmap:103 H264/90000",
                        "a=rtcp-fb:103 nack",
                        "a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640032",
                        "a=rtpmap:104 H264/90000",
                        "a=rtcp-fb:104 nack",
                        "a=rtcp-fb:104 nack pli",
                        "a=rtcp-fb:104 ccm fir",
                        "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                        "a=rtpmap:105 H264/90000",
                        "a=fmtp:105 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f"),
                section("m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8", 1,
                        "a=rtpmap:111 opus/48000/2",
                        "a=fmtp:111 minptime=10;useinbandfec=1",
                        "a=rtpmap:0 PCMU/8000",
                        "a=rtpmap:8 PCMA/8000"));
    }

    /** One video section that only takes VP8: nothing an H264 + Opus stream can send. */
    static String vp8Only() {
        return offer("a=group:BUNDLE 0",
                section("m=video 9 UDP/TLS/RTP/SAVPF 96", 0, "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack"));
    }

    private static String offer(String group, String... sections) {
        return String.join("\r\n", "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", group,
                "a=msid-semantic: WMS", String.join("\r\n", sections), "");
    }

    /** A receive-only, rtcp-muxed section with the same ICE credentials and DTLS fingerprint as every other. */
    private static String section(String media, int mid, String... codecLines) {
        List<String> lines = new ArrayList<>(List.of(media,
                "c=IN IP4 0.0.0.0",
                "a=ice-ufrag:Ab12",
                "a=ice-pwd:abcdefghijklmnopqrstuvwx",
                "a=ice-options:trickle",
                "a=fingerprint:sha-256 01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF",
                "a=setup:actpass",
                "a=mid:" + mid,
                "a=recvonly",
                "a=rtcp-mux"));
        lines.addAll(List.of(codecLines));
        return String.join("\r\n", lines);
    }
}
