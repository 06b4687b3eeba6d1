package io.strom.bench.whep;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SDP a browser-like WHEP reader sends and what it needs from the answer. The offer mirrors
 * Chromium's recvonly offer in the parts a server acts on: BUNDLE of a video and an audio section,
 * rtcp-mux, H264 (packetization-mode 1, constrained baseline and baseline) with nack, nack pli,
 * ccm fir and goog-remb feedback, Opus with transport-cc offered and nack, a sha-256 fingerprint,
 * setup actpass, and the host candidate gathered up front (no trickle).
 */
final class Sdp {
    private Sdp() {
    }

    static String offer(String ufrag, String pwd, String fingerprint, InetSocketAddress host, long sessionId) {
        StringBuilder b = new StringBuilder(2048);
        line(b, "v=0");
        line(b, "o=- " + sessionId + " 2 IN IP4 127.0.0.1");
        line(b, "s=-");
        line(b, "t=0 0");
        line(b, "a=group:BUNDLE 0 1");
        line(b, "a=extmap-allow-mixed");
        line(b, "a=msid-semantic: WMS");
        section(b, "video", "0", "96 98", ufrag, pwd, fingerprint, host);
        line(b, "a=rtpmap:96 H264/90000");
        for (String fb : new String[] {"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"}) {
            line(b, "a=rtcp-fb:96 " + fb);
            line(b, "a=rtcp-fb:98 " + fb);
        }
        line(b, "a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        line(b, "a=rtpmap:98 H264/90000");
        line(b, "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
        section(b, "audio", "1", "111", ufrag, pwd, fingerprint, host);
        line(b, "a=rtpmap:111 opus/48000/2");
        line(b, "a=rtcp-fb:111 transport-cc");
        line(b, "a=rtcp-fb:111 nack");
        line(b, "a=fmtp:111 minptime=10;useinbandfec=1");
        return b.toString();
    }

    private static void section(StringBuilder b, String kind, String mid, String pts, String ufrag, String pwd,
                                String fingerprint, InetSocketAddress host) {
        line(b, "m=" + kind + " " + host.getPort() + " UDP/TLS/RTP/SAVPF " + pts);
        line(b, "c=IN IP4 " + host.getAddress().getHostAddress());
        line(b, "a=rtcp:9 IN IP4 0.0.0.0");
        line(b, "a=candidate:1 1 udp 2130706431 " + host.getAddress().getHostAddress() + " " + host.getPort()
                + " typ host generation 0");
        line(b, "a=end-of-candidates");
        line(b, "a=ice-ufrag:" + ufrag);
        line(b, "a=ice-pwd:" + pwd);
        line(b, "a=ice-options:trickle");
        line(b, "a=fingerprint:sha-256 " + fingerprint);
        line(b, "a=setup:actpass");
        line(b, "a=mid:" + mid);
        line(b, "a=recvonly");
        line(b, "a=rtcp-mux");
        line(b, "a=rtcp-rsize");
    }

    private static void line(StringBuilder b, String s) {
        b.append(s).append("\r\n");
    }

    /**
     * What a reader needs from the answer: ICE credentials, the DTLS fingerprint, the UDP
     * candidates, and the SSRC and payload type the server sends per kind (-1 when the kind was
     * rejected).
     */
    record Answer(String ufrag, String pwd, String fingerprint, List<InetSocketAddress> candidates,
                  long videoSsrc, long audioSsrc, int videoPt, int audioPt) {

        static Answer parse(String text) {
            String ufrag = null;
            String pwd = null;
            String fingerprint = null;
            List<InetSocketAddress> candidates = new ArrayList<>();
            long[] ssrc = {-1, -1};
            int[] pt = {-1, -1};
            int kind = -1;
            for (String raw : text.split("\r?\n")) {
                String line = raw.strip();
                if (line.startsWith("m=")) {
                    String[] f = line.substring(2).split(" ");
                    kind = f[0].equals("video") ? 0 : f[0].equals("audio") ? 1 : -1;
                    if (kind >= 0 && f.length > 3 && !f[1].equals("0")) {
                        pt[kind] = Integer.parseInt(f[3]);
                    }
                } else if (line.startsWith("a=ice-ufrag:")) {
                    ufrag = line.substring(12);
                } else if (line.startsWith("a=ice-pwd:")) {
                    pwd = line.substring(10);
                } else if (line.startsWith("a=fingerprint:")) {
                    fingerprint = line.substring(14);
                } else if (line.startsWith("a=ssrc:") && kind >= 0 && ssrc[kind] < 0) {
                    ssrc[kind] = Long.parseLong(line.substring(7, line.indexOf(' ')));
                } else if (line.startsWith("a=candidate:")) {
                    String[] f = line.substring(12).split(" ");
                    InetSocketAddress a = f.length > 5 && f[2].toLowerCase(Locale.ROOT).equals("udp")
                            ? new InetSocketAddress(f[4], Integer.parseInt(f[5])) : null;
                    if (a != null && !a.isUnresolved() && !candidates.contains(a)) {
                        candidates.add(a);
                    }
                }
            }
            if (ufrag == null || pwd == null || fingerprint == null) {
                throw new IllegalArgumentException("answer without ice-ufrag, ice-pwd or fingerprint");
            }
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("answer without a UDP candidate");
            }
            return new Answer(ufrag, pwd, fingerprint, List.copyOf(candidates), ssrc[0], ssrc[1], pt[0], pt[1]);
        }
    }
}
