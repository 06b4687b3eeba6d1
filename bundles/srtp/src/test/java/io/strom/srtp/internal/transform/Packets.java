package io.strom.srtp.internal.transform;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Test packets: RTP with CSRCs and a header extension, RTCP sender reports, hex helpers. */
public final class Packets {

    private Packets() {
    }

    public static byte[] hex(String s) {
        return ByteBufUtil.decodeHexDump(s.replaceAll("\\s", ""));
    }

    /** An RTP packet with two CSRCs, a one-word RFC 8285 extension and {@code payloadLength} bytes of payload. */
    public static byte[] rtp(int ssrc, int seq, int payloadLength) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80 | 0x10 | 2).writeByte(96).writeShort(seq).writeInt(seq * 90).writeInt(ssrc);
        b.writeInt(0x11111111).writeInt(0x22222222);
        b.writeShort(0xBEDE).writeShort(1).writeInt(0x10ABCDEF);
        for (int i = 0; i < payloadLength; i++) {
            b.writeByte(i * 7 + seq);
        }
        return ByteBufUtil.getBytes(b);
    }

    /** The header length of {@link #rtp}: 12 fixed, 8 of CSRCs, 8 of extension. */
    public static final int RTP_HEADER = 28;

    /** An RTCP sender report of {@code ssrc} with a 20-byte body. */
    public static byte[] rtcp(int ssrc) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80).writeByte(200).writeShort(6).writeInt(ssrc);
        for (int i = 0; i < 20; i++) {
            b.writeByte(0x30 + i);
        }
        return ByteBufUtil.getBytes(b);
    }

    /** A buffer holding {@code bytes} with {@code room} writable bytes after them, on the heap or direct. */
    public static ByteBuf buffer(byte[] bytes, int room, boolean direct) {
        ByteBuf b = direct ? Unpooled.directBuffer(bytes.length + room) : Unpooled.buffer(bytes.length + room);
        return b.writeBytes(bytes);
    }

    public static byte[] bytes(ByteBuf b) {
        return ByteBufUtil.getBytes(b);
    }
}
