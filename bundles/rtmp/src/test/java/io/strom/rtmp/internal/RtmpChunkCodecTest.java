package io.strom.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chunk encoder and decoder, against each other and against chunks built by hand. */
class RtmpChunkCodecTest {

    /** Tracks what the decoder allocates, to check that nothing is left once the channel is done. */
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private RtmpChunkDecoder decoder;
    private EmbeddedChannel in;
    private RtmpChunkEncoder encoder;
    private EmbeddedChannel out;

    @BeforeEach
    void setUp() {
        decoder = new RtmpChunkDecoder(1_000_000);
        in = new EmbeddedChannel(decoder);
        in.config().setAllocator(alloc);
        encoder = new RtmpChunkEncoder();
        out = new EmbeddedChannel(encoder);
    }

    @AfterEach
    void tearDown() {
        in.finishAndReleaseAll();
        out.finishAndReleaseAll();
        assertEquals(0, alloc.metric().usedHeapMemory(), "the decoder leaked");
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static RtmpMessage message(int csid, int type, int stream, long ts, byte[] payload) {
        return new RtmpMessage(csid, type, stream, ts, Unpooled.wrappedBuffer(payload));
    }

    /** Encodes the messages and returns the chunk bytes. */
    private ByteBuf encode(RtmpMessage... messages) {
        ByteBuf all = Unpooled.buffer();
        for (RtmpMessage m : messages) {
            assertTrue(out.writeOutbound(m));
            ByteBuf b = out.readOutbound();
            assertEquals(b.capacity(), b.readableBytes(), "one exactly sized buffer per message");
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    private List<RtmpMessage> decode(ByteBuf bytes) {
        in.writeInbound(bytes);
        List<RtmpMessage> r = new ArrayList<>();
        for (RtmpMessage m; (m = in.readInbound()) != null;) {
            r.add(m);
        }
        return r;
    }

    private static void assertMessage(RtmpMessage m, int csid, int type, int stream, long ts, byte[] payload) {
        try {
            assertEquals(csid, m.chunkStreamId());
            assertEquals(type, m.typeId());
            assertEquals(stream, m.messageStreamId());
            assertEquals(ts, m.timestamp());
            assertArrayEquals(payload, ByteBufUtil.getBytes(m.payload()));
        } finally {
            m.release();
        }
    }

    @Test
    void roundTripsSmallAndMultiChunkMessagesAtChunkSizes128And4096() {
        for (int chunkSize : new int[] {128, 4096}) {
            if (chunkSize != 128) {
                // Through the encoder, which switches after writing it, to the decoder, which consumes it.
                assertTrue(decode(encode(ProtocolControl.setChunkSize(UnpooledByteBufAllocator.DEFAULT, chunkSize))).isEmpty());
            }
            assertEquals(chunkSize, encoder.chunkSize());
            assertEquals(chunkSize, decoder.chunkSize());
            int[] sizes = {0, 1, 127, 128, 129, 4095, 4096, 4097, 100_000};
            for (int i = 0; i < sizes.length; i++) {
                byte[] p = random(sizes[i], i);
                List<RtmpMessage> got = decode(encode(message(6, RtmpMessageTypes.VIDEO, 1, 1000 + i, p)));
                assertEquals(1, got.size(), "size " + sizes[i]);
                assertMessage(got.get(0), 6, RtmpMessageTypes.VIDEO, 1, 1000 + i, p);
            }
        }
    }

    @Test
    void multiChunkMessageHasType3ContinuationsAndLargeChunkStreamIds() {
        byte[] p = random(300, 3);
        ByteBuf bytes = encode(message(300, RtmpMessageTypes.AUDIO, 1, 5, p));
        // Two-byte basic headers (csid 300 = 64 + 236) and three chunks of 128, 128, 44.
        assertEquals(2 + 11 + 300 + 2 * 2, bytes.readableBytes());
        assertEquals(0x00, bytes.getUnsignedByte(0));
        assertEquals(236, bytes.getUnsignedByte(1));
        assertEquals(0xC0, bytes.getUnsignedByte(2 + 11 + 128));
        List<RtmpMessage> got = decode(bytes);
        assertMessage(got.get(0), 300, RtmpMessageTypes.AUDIO, 1, 5, p);

        byte[] q = random(200, 4);
        got = decode(encode(message(40000, RtmpMessageTypes.AUDIO, 1, 6, q)));
        assertMessage(got.get(0), 40000, RtmpMessageTypes.AUDIO, 1, 6, q);
    }

    @Test
    void reassemblesMessagesInterleavedAcrossChunkStreams() {
        byte[] a = random(200, 5);
        byte[] v = random(150, 6);
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeMedium(10).writeMedium(a.length).writeByte(8).writeIntLE(1).writeBytes(a, 0, 128);
        b.writeByte(6).writeMedium(20).writeMedium(v.length).writeByte(9).writeIntLE(1).writeBytes(v, 0, 128);
        b.writeByte(0xC0 | 4).writeBytes(a, 128, 72);
        b.writeByte(0xC0 | 6).writeBytes(v, 128, 22);
        List<RtmpMessage> got = decode(b);
        assertEquals(2, got.size());
        assertMessage(got.get(0), 4, 8, 1, 10, a);
        assertMessage(got.get(1), 6, 9, 1, 20, v);
    }

    @Test
    void appliesAChunkSizeChangeMidStream() {
        byte[] first = random(200, 7);
        byte[] second = random(700, 8);
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeMedium(0).writeMedium(first.length).writeByte(8).writeIntLE(1).writeBytes(first, 0, 128);
        b.writeByte(2).writeMedium(0).writeMedium(4).writeByte(1).writeIntLE(0).writeInt(300);
        b.writeByte(0xC4).writeBytes(first, 128, 72);
        b.writeByte(4).writeMedium(0).writeMedium(second.length).writeByte(8).writeIntLE(1).writeBytes(second, 0, 300);
        b.writeByte(0xC4).writeBytes(second, 300, 300);
        b.writeByte(0xC4).writeBytes(second, 600, 100);
        List<RtmpMessage> got = decode(b);
        assertEquals(300, decoder.chunkSize());
        assertEquals(2, got.size(), "Set Chunk Size is consumed by the decoder");
        assertMessage(got.get(0), 4, 8, 1, 0, first);
        assertMessage(got.get(1), 4, 8, 1, 0, second);
    }

    @Test
    void extendedTimestampsOnType0AndType3Chunks() {
        long ts = 0x1234567L;
        byte[] p = random(300, 9);
        ByteBuf bytes = encode(message(4, RtmpMessageTypes.VIDEO, 1, ts, p));
        assertEquals(0xFFFFFF, bytes.getUnsignedMedium(1));
        assertEquals(ts, bytes.getUnsignedInt(12));
        assertEquals(0xC4, bytes.getUnsignedByte(16 + 128));
        assertEquals(ts, bytes.getUnsignedInt(17 + 128), "the extended timestamp is repeated on type 3 chunks");
        assertMessage(decode(bytes).get(0), 4, RtmpMessageTypes.VIDEO, 1, ts, p);

        // A type 3 chunk starting a message after a type 0 one with an extended timestamp: its delta
        // is the type 0 timestamp, and it carries the extended field too.
        ByteBuf b = Unpooled.buffer();
        b.writeByte(5).writeMedium(0xFFFFFF).writeMedium(2).writeByte(8).writeIntLE(1).writeInt(0x1000000).writeShort(0x0102);
        b.writeByte(0xC5).writeInt(0x1000000).writeShort(0x0304);
        List<RtmpMessage> got = decode(b);
        assertMessage(got.get(0), 5, 8, 1, 0x1000000, new byte[] {1, 2});
        assertMessage(got.get(1), 5, 8, 1, 0x2000000, new byte[] {3, 4});
    }

    @Test
    void appliesTimestampDeltasOfTypes1To3() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeMedium(1000).writeMedium(1).writeByte(8).writeIntLE(1).writeByte(1);
        b.writeByte(0x40 | 4).writeMedium(20).writeMedium(2).writeByte(9).writeShort(0x0203);
        b.writeByte(0x80 | 4).writeMedium(30).writeShort(0x0405);
        b.writeByte(0xC0 | 4).writeShort(0x0607);
        b.writeByte(7).writeMedium(500).writeMedium(1).writeByte(8).writeIntLE(1).writeByte(8);
        b.writeByte(0xC0 | 7).writeByte(9);
        List<RtmpMessage> got = decode(b);
        assertEquals(6, got.size());
        assertMessage(got.get(0), 4, 8, 1, 1000, new byte[] {1});
        assertMessage(got.get(1), 4, 9, 1, 1020, new byte[] {2, 3});
        assertMessage(got.get(2), 4, 9, 1, 1050, new byte[] {4, 5});
        assertMessage(got.get(3), 4, 9, 1, 1080, new byte[] {6, 7});
        assertMessage(got.get(4), 7, 8, 1, 500, new byte[] {8});
        assertMessage(got.get(5), 7, 8, 1, 1000, new byte[] {9});
    }

    @Test
    void unwrapsTimestampsPast32Bits() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeMedium(0xFFFFFF).writeMedium(1).writeByte(8).writeIntLE(1).writeInt(0xFFFFFFF0).writeByte(1);
        b.writeByte(0x80 | 4).writeMedium(0x20).writeByte(2);
        b.writeByte(4).writeMedium(0x30).writeMedium(1).writeByte(8).writeIntLE(1).writeByte(3);
        List<RtmpMessage> got = decode(b);
        assertMessage(got.get(0), 4, 8, 1, 0xFFFFFFF0L, new byte[] {1});
        assertMessage(got.get(1), 4, 8, 1, 0x100000010L, new byte[] {2});
        assertMessage(got.get(2), 4, 8, 1, 0x100000030L, new byte[] {3});
        assertEquals(0x100000000L, RtmpChunkDecoder.unwrap(0xFFFFFFFFL, 0));
        assertEquals(0xFFFFFFFFL, RtmpChunkDecoder.unwrap(0x100000001L, 0xFFFFFFFFL));
        assertEquals(5, RtmpChunkDecoder.unwrap(10, 5));
    }

    @Test
    void abortDropsThePartialMessage() {
        byte[] p = random(200, 12);
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeMedium(0).writeMedium(200).writeByte(8).writeIntLE(1).writeBytes(new byte[128]);
        b.writeByte(2).writeMedium(0).writeMedium(4).writeByte(2).writeIntLE(0).writeInt(4);
        // After Abort a type 3 chunk starts a new message with the same header.
        b.writeByte(0xC4).writeBytes(p, 0, 128);
        b.writeByte(0xC4).writeBytes(p, 128, 72);
        List<RtmpMessage> got = decode(b);
        assertEquals(1, got.size(), "Abort is consumed by the decoder");
        assertMessage(got.get(0), 4, 8, 1, 0, p);
    }

    @Test
    void aNewHeaderInTheMiddleOfAMessageDropsIt() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeMedium(0).writeMedium(200).writeByte(8).writeIntLE(1).writeBytes(new byte[128]);
        b.writeByte(0x40 | 4).writeMedium(10).writeMedium(1).writeByte(9).writeByte(5);
        List<RtmpMessage> got = decode(b);
        assertEquals(1, got.size());
        assertMessage(got.get(0), 4, 9, 1, 10, new byte[] {5});
    }

    @Test
    void absurdChunkSizeFails() {
        for (int size : new int[] {0, 16 * 1024 * 1024 + 1}) {
            setUp();
            ByteBuf b = Unpooled.buffer();
            b.writeByte(2).writeMedium(0).writeMedium(4).writeByte(1).writeIntLE(0).writeInt(size);
            b.writeByte(4).writeMedium(0).writeMedium(1).writeByte(8).writeIntLE(1).writeByte(1);
            RtmpProtocolException e = assertThrows(RtmpProtocolException.class, () -> in.writeInbound(b));
            assertTrue(e.getMessage().contains("absurd chunk size"), e.getMessage());
            assertFalse(in.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 0, 0, 0, 0, 0, 1, 8, 1, 0, 0, 0, 1})),
                    "nothing is decoded after the error");
            in.finishAndReleaseAll();
        }
    }

    @Test
    void messageLongerThanTheLimitFails() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeMedium(0).writeMedium(3).writeByte(8).writeIntLE(1).writeBytes(new byte[3]);
        b.writeByte(4).writeMedium(0).writeMedium(1_000_001).writeByte(8).writeIntLE(1).writeBytes(new byte[128]);
        RtmpProtocolException e = assertThrows(RtmpProtocolException.class, () -> in.writeInbound(b));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
        RtmpMessage before = in.readInbound();
        assertEquals(3, before.payload().readableBytes(), "what came before the error is delivered");
        before.release();
        assertNull(in.readInbound());
    }

    @Test
    void chunkOnAChunkStreamNeverStartedFails() {
        for (int fmt = 1; fmt <= 3; fmt++) {
            setUp();
            ByteBuf b = Unpooled.buffer().writeByte(fmt << 6 | 5).writeBytes(new byte[12]);
            RtmpProtocolException e = assertThrows(RtmpProtocolException.class, () -> in.writeInbound(b));
            assertTrue(e.getMessage().contains("never started"), e.getMessage());
            in.finishAndReleaseAll();
        }
    }

    @Test
    void waitsForTheRestOfATruncatedChunkAndCountsBytes() {
        byte[] p = random(500, 11);
        ByteBuf bytes = encode(message(320, RtmpMessageTypes.VIDEO, 1, 0x1000000, p));
        int total = bytes.readableBytes();
        // Byte by byte: every header and payload boundary is cut somewhere.
        for (int i = 0; i < total - 1; i++) {
            assertFalse(in.writeInbound(bytes.readRetainedSlice(1)), "byte " + i);
        }
        assertEquals(total - 1, decoder.bytesReceived());
        assertTrue(in.writeInbound(bytes.readRetainedSlice(1)));
        bytes.release();
        assertEquals(total, decoder.bytesReceived());
        assertMessage(in.readInbound(), 320, RtmpMessageTypes.VIDEO, 1, 0x1000000, p);
    }

    @Test
    void releasesAPartialMessageWhenTheChannelCloses() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(4).writeMedium(0).writeMedium(1000).writeByte(8).writeIntLE(1).writeBytes(new byte[100]);
        assertFalse(in.writeInbound(b));
        assertTrue(alloc.metric().usedHeapMemory() > 0);
        in.close();
        assertEquals(0, alloc.metric().usedHeapMemory());
    }
}
