package io.strom.codec;

import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes SDP (RFC 8866) as far as streaming needs it: one track per {@code m=} line
 * with its first payload type, its {@code rtpmap}, {@code fmtp} and {@code control} attributes.
 * Limits: 64 KiB of text, {@link MediaDescription#MAX_TRACKS} media sections; anything beyond,
 * or a line that cannot be read, is an {@link SdpException} naming the line.
 */
public final class Sdp {

    public static final int MAX_LENGTH = 64 * 1024;

    /** Static payload types (RFC 3551) that need no rtpmap: encoding, clock rate, channels. */
    private static final Map<Integer, Object[]> STATIC = Map.of(
            0, new Object[] {"PCMU", 8000, 1}, 8, new Object[] {"PCMA", 8000, 1},
            14, new Object[] {"MPA", 90000, 0}, 26, new Object[] {"JPEG", 90000, 0});

    private Sdp() {
    }

    /** Parses an SDP (as sent with RTSP ANNOUNCE, or answered to DESCRIBE). */
    public static SdpDescription parse(String text) throws SdpException {
        if (text.length() > MAX_LENGTH) {
            throw new SdpException("SDP longer than " + MAX_LENGTH + " bytes");
        }
        List<MediaSection> sections = new ArrayList<>();
        MediaSection current = null;
        boolean sawVersion = false;
        int lineNo = 0;
        for (String raw : text.split("\r?\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("line " + lineNo + " is not 'x=value': " + abbreviate(line));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'v') {
                sawVersion = true;
            } else if (type == 'm') {
                if (sections.size() == MediaDescription.MAX_TRACKS) {
                    throw new SdpException("more than " + MediaDescription.MAX_TRACKS + " media sections");
                }
                current = MediaSection.parse(value, lineNo);
                sections.add(current);
            } else if (type == 'a' && current != null) {
                current.attribute(value, lineNo);
            }
        }
        if (!sawVersion) {
            throw new SdpException("no 'v=' line: not an SDP");
        }
        if (sections.isEmpty()) {
            throw new SdpException("no media section");
        }
        List<Track> tracks = new ArrayList<>();
        List<String> controls = new ArrayList<>();
        for (MediaSection s : sections) {
            tracks.add(new Track(tracks.size(), s.kind, s.format()));
            controls.add(s.control);
        }
        return new SdpDescription(new MediaDescription(tracks), controls);
    }

    /**
     * Writes an SDP for {@code description}, with {@code a=control:trackID=N} per track (what
     * RTSP readers SETUP) and the given session name.
     */
    public static String write(MediaDescription description, String sessionName) {
        StringBuilder sb = new StringBuilder(256)
                .append("v=0\r\n")
                .append("o=- 0 0 IN IP4 127.0.0.1\r\n")
                .append("s=").append(sessionName.isBlank() ? "Stream" : sessionName).append("\r\n")
                .append("c=IN IP4 0.0.0.0\r\n")
                .append("t=0 0\r\n");
        for (Track t : description.tracks()) {
            Format f = t.format();
            sb.append("m=").append(t.kind().name().toLowerCase(Locale.ROOT)).append(" 0 RTP/AVP ")
                    .append(f.payloadType()).append("\r\n");
            sb.append("a=control:trackID=").append(t.index()).append("\r\n");
            sb.append("a=rtpmap:").append(f.payloadType()).append(' ')
                    .append(RtpEncodings.encodingOf(f.codec(), f.payloadType())).append('/').append(f.clockRate());
            if (f.channels() > 0 && t.kind() == MediaKind.AUDIO) {
                sb.append('/').append(f.channels());
            }
            sb.append("\r\n");
            if (!f.parameters().isEmpty()) {
                sb.append("a=fmtp:").append(f.payloadType()).append(' ');
                String sep = "";
                for (Map.Entry<String, String> p : new TreeMap<>(f.parameters()).entrySet()) {
                    sb.append(sep).append(p.getKey());
                    if (!p.getValue().isEmpty()) {
                        sb.append('=').append(p.getValue());
                    }
                    sep = "; ";
                }
                sb.append("\r\n");
            }
        }
        return sb.toString();
    }

    /** Parses an fmtp parameter list ({@code key=value; key=value}); keys keep their case. */
    public static Map<String, String> parseFmtp(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : list.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                out.put(p, "");
            } else {
                out.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** One m= section while parsing. */
    private static final class MediaSection {
        final MediaKind kind;
        final int payloadType;
        final int lineNo;
        String control = "";
        String encoding;
        int clockRate;
        int channels;
        Map<String, String> fmtp = Map.of();

        private MediaSection(MediaKind kind, int payloadType, int lineNo) {
            this.kind = kind;
            this.payloadType = payloadType;
            this.lineNo = lineNo;
        }

        static MediaSection parse(String value, int lineNo) throws SdpException {
            String[] f = value.trim().split("\\s+");
            if (f.length < 4) {
                throw new SdpException("line " + lineNo + ": media line needs 'kind port proto format'");
            }
            MediaKind kind = switch (f[0].toLowerCase(Locale.ROOT)) {
                case "video" -> MediaKind.VIDEO;
                case "audio" -> MediaKind.AUDIO;
                case "application" -> MediaKind.APPLICATION;
                default -> throw new SdpException("line " + lineNo + ": unknown media kind '" + f[0] + "'");
            };
            try {
                int pt = Integer.parseInt(f[3]);
                if (pt < 0 || pt > 127) {
                    throw new NumberFormatException();
                }
                return new MediaSection(kind, pt, lineNo);
            } catch (NumberFormatException e) {
                throw new SdpException("line " + lineNo + ": '" + f[3] + "' is not an RTP payload type");
            }
        }

        void attribute(String value, int line) throws SdpException {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1).strip();
            switch (name) {
                case "control" -> control = arg;
                case "rtpmap" -> {
                    String[] f = arg.split("\\s+", 2);
                    if (f.length == 2 && f[0].equals(Integer.toString(payloadType))) {
                        String[] enc = f[1].split("/");
                        try {
                            encoding = enc[0];
                            clockRate = Integer.parseInt(enc[1].strip());
                            channels = enc.length > 2 ? Integer.parseInt(enc[2].strip()) : 0;
                        } catch (RuntimeException e) {
                            throw new SdpException("line " + line + ": bad rtpmap '" + arg + "'");
                        }
                    }
                }
                case "fmtp" -> {
                    String[] f = arg.split("\\s+", 2);
                    if (f.length == 2 && f[0].equals(Integer.toString(payloadType))) {
                        fmtp = parseFmtp(f[1]);
                    }
                }
                default -> { }
            }
        }

        Format format() throws SdpException {
            if (encoding == null) {
                Object[] known = STATIC.get(payloadType);
                if (known == null) {
                    throw new SdpException("line " + lineNo + ": payload type " + payloadType + " has no rtpmap");
                }
                encoding = (String) known[0];
                clockRate = (Integer) known[1];
                channels = (Integer) known[2];
            }
            try {
                return new Format(RtpEncodings.codecOf(encoding, payloadType), payloadType, clockRate, channels,
                        new HashMap<>(fmtp));
            } catch (IllegalArgumentException e) {
                throw new SdpException("line " + lineNo + ": " + e.getMessage());
            }
        }
    }
}
