package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A response being built; {@link #encode} writes it in RTSP/1.0 form. */
final class RtspResponse {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(454, "Session Not Found"),
            Map.entry(455, "Method Not Valid in This State"), Map.entry(459, "Aggregate Operation Not Allowed"),
            Map.entry(461, "Unsupported Transport"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"));

    final int status;
    private final List<String> headers = new ArrayList<>(); // name, value, name, value...
    private String body = "";

    RtspResponse(int status) {
        this.status = status;
    }

    RtspResponse header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    RtspResponse body(String contentType, String content) {
        header("Content-Type", contentType);
        body = content;
        return this;
    }

    ByteBuf encode(ByteBufAllocator alloc, String cseq) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(128).append("RTSP/1.0 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Error")).append("\r\n");
        if (cseq != null) {
            sb.append("CSeq: ").append(cseq).append("\r\n");
        }
        sb.append("Server: Strom\r\n");
        for (int i = 0; i < headers.size(); i += 2) {
            sb.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        if (bodyBytes.length > 0) {
            sb.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        sb.append("\r\n");
        ByteBuf out = alloc.buffer(sb.length() + bodyBytes.length);
        out.writeCharSequence(sb, StandardCharsets.ISO_8859_1);
        out.writeBytes(bodyBytes);
        return out;
    }
}
