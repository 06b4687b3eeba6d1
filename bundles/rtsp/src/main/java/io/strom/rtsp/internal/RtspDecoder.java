package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits an RTSP connection's bytes into {@link RtspRequest}s and {@link InterleavedFrame}s.
 *
 * <p>Limits: a request (line, headers and body) of at most {@value #MAX_REQUEST} bytes, at most
 * {@value #MAX_HEADERS} headers. A request beyond them, without a request line, or with a bad
 * Content-Length becomes an invalid request; the connection answers 400 and closes, because the
 * byte stream cannot be trusted after it. Interleaved frames are sliced out of the cumulation
 * without copying.
 */
final class RtspDecoder extends ByteToMessageDecoder {

    static final int MAX_REQUEST = 64 * 1024;
    static final int MAX_HEADERS = 64;

    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            if (in.getByte(in.readerIndex()) == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int length = in.getUnsignedShort(in.readerIndex() + 2);
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                int channel = in.getUnsignedByte(in.readerIndex() + 1);
                in.skipBytes(4);
                out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
                continue;
            }
            int headerEnd = indexOf(in, in.readerIndex(), Math.min(in.writerIndex(), in.readerIndex() + MAX_REQUEST));
            if (headerEnd < 0) {
                if (in.readableBytes() >= MAX_REQUEST) {
                    fail(in, out, "request larger than " + MAX_REQUEST + " bytes");
                }
                return;
            }
            int headLength = headerEnd - in.readerIndex();
            String head = in.toString(in.readerIndex(), headLength, StandardCharsets.ISO_8859_1);
            RtspRequest parsed = parseHead(head);
            if (parsed.invalid() != null) {
                fail(in, out, parsed.invalid());
                return;
            }
            int bodyLength;
            try {
                String cl = parsed.header("Content-Length");
                bodyLength = cl == null ? 0 : Integer.parseInt(cl.trim());
            } catch (NumberFormatException e) {
                fail(in, out, "bad Content-Length");
                return;
            }
            if (bodyLength < 0 || headLength + 4 + bodyLength > MAX_REQUEST) {
                fail(in, out, "request larger than " + MAX_REQUEST + " bytes");
                return;
            }
            if (in.readableBytes() < headLength + 4 + bodyLength) {
                return;
            }
            in.skipBytes(headLength + 4);
            String body = in.readCharSequence(bodyLength, StandardCharsets.UTF_8).toString();
            out.add(new RtspRequest(parsed.method(), parsed.uri(), parsed.headers(), body, null));
        }
    }

    private void fail(ByteBuf in, List<Object> out, String reason) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(RtspRequest.invalid(reason));
    }

    /** Index of the CRLFCRLF that ends the head, or -1 when not (yet) within {@code end}. */
    private static int indexOf(ByteBuf in, int from, int end) {
        for (int i = from; i + 3 < end; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    static RtspRequest parseHead(String head) {
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("RTSP/") || requestLine[0].isEmpty()
                || !requestLine[0].chars().allMatch(c -> c >= 'A' && c <= 'Z' || c == '_')) {
            return RtspRequest.invalid("malformed request line");
        }
        if (!requestLine[2].equals("RTSP/1.0")) {
            return RtspRequest.invalid("unsupported version " + requestLine[2]);
        }
        if (lines.length - 1 > MAX_HEADERS) {
            return RtspRequest.invalid("more than " + MAX_HEADERS + " headers");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return RtspRequest.invalid("malformed header line");
            }
            headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
        }
        return new RtspRequest(requestLine[0], requestLine[1], headers, "", null);
    }
}
