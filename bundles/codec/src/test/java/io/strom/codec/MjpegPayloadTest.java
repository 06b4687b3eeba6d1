package io.strom.codec;

import static io.strom.codec.VideoRtp.bytes;
import static io.strom.codec.VideoRtp.concat;
import static io.strom.codec.VideoRtp.rtp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGHuffmanTable;
import javax.imageio.plugins.jpeg.JPEGQTable;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class MjpegPayloadTest {

    private final MjpegDepacketizer depacketizer = new MjpegDepacketizer(UnpooledByteBufAllocator.DEFAULT);
    private final VideoRtp.Units units = new VideoRtp.Units();

    private void feed(ByteBuf packet) {
        depacketizer.depacketize(packet, units);
        packet.release();
    }

    static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x * y) & 0xFF));
            }
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpeg", out));
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertNotNull(image);
        return image;
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void standardTablesMatchTheJdk() {
        assertArrayEquals(JPEGQTable.K1Luminance.getTable(), JpegTables.LUMA_QUANTIZER);
        assertArrayEquals(JPEGQTable.K2Chrominance.getTable(), JpegTables.CHROMA_QUANTIZER);
        assertHuffman(JPEGHuffmanTable.StdDCLuminance, JpegTables.DC_LUMA_BITS, JpegTables.DC_VALUES);
        assertHuffman(JPEGHuffmanTable.StdDCChrominance, JpegTables.DC_CHROMA_BITS, JpegTables.DC_VALUES);
        assertHuffman(JPEGHuffmanTable.StdACLuminance, JpegTables.AC_LUMA_BITS, JpegTables.AC_LUMA_VALUES);
        assertHuffman(JPEGHuffmanTable.StdACChrominance, JpegTables.AC_CHROMA_BITS, JpegTables.AC_CHROMA_VALUES);
        assertEquals(64, Arrays.stream(JpegTables.ZIGZAG).distinct().count());
        byte[] q50 = JpegTables.scaledQuantizers(50);
        for (int i = 0; i < 64; i++) {
            assertEquals(JpegTables.LUMA_QUANTIZER[JpegTables.ZIGZAG[i]], q50[i] & 0xFF);
        }
        // Q 75 halves the tables, rounding up: the JDK's K1Div2 tables.
        byte[] q75 = JpegTables.scaledQuantizers(75);
        for (int i = 0; i < 64; i++) {
            assertEquals(JPEGQTable.K2Div2Chrominance.getTable()[JpegTables.ZIGZAG[i]], q75[64 + i] & 0xFF);
        }
        assertEquals(1, JpegTables.scaledQuantizers(100)[0]);
        assertEquals(255, JpegTables.scaledQuantizers(1)[64 + 63] & 0xFF);
    }

    private static void assertHuffman(JPEGHuffmanTable expected, int[] bits, int[] values) {
        short[] lengths = expected.getLengths();
        short[] symbols = expected.getValues();
        assertEquals(lengths.length, bits.length);
        assertEquals(symbols.length, values.length);
        for (int i = 0; i < bits.length; i++) {
            assertEquals(lengths[i], bits[i]);
        }
        for (int i = 0; i < values.length; i++) {
            assertEquals(symbols[i], values[i]);
        }
    }

    @Test
    void roundTripsAnImageIoJpegAtDefaultAndSmallBudgets() throws IOException {
        BufferedImage original = picture(64, 48);
        byte[] jpeg = jpeg(original);
        int[] expected = pixels(decode(jpeg));
        for (int budget : new int[] {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 200}) {
            MjpegDepacketizer d = new MjpegDepacketizer(UnpooledByteBufAllocator.DEFAULT);
            VideoRtp.Unit unit = VideoRtp.roundTrip(new MjpegPacketizer(VideoRtp.options(budget)), d, jpeg, budget);
            assertTrue(unit.randomAccess());
            BufferedImage decoded = decode(unit.data());
            assertEquals(64, decoded.getWidth());
            assertEquals(48, decoded.getHeight());
            assertArrayEquals(expected, pixels(decoded));
            // A rebuilt JPEG goes through again unchanged.
            VideoRtp.Unit again = VideoRtp.roundTrip(new MjpegPacketizer(VideoRtp.options(budget)), d, unit.data(), budget);
            assertArrayEquals(unit.data(), again.data());
            d.close();
        }
    }

    @Test
    void carriesRestartIntervalsAndQuarterChromaTypes() throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(picture(128, 64), null, null), param);
        }
        writer.dispose();
        byte[] jpeg = out.toByteArray();
        // Add a DRI segment right after SOI: a restart interval larger than the image's MCU
        // count leaves the scan valid and makes the packetizer use type 65.
        byte[] withRestart = concat(Arrays.copyOf(jpeg, 2), bytes(0xFF, 0xDD, 0x00, 0x04, 0x7F, 0xFF),
                Arrays.copyOfRange(jpeg, 2, jpeg.length));
        VideoRtp.Packets packets = new VideoRtp.Packets();
        assertTrue(new MjpegPacketizer(VideoRtp.options(200)).packetize(Unpooled.wrappedBuffer(withRestart), 9, packets));
        packets.assertShape(200);
        assertEquals(65, packets.list.get(0).getUnsignedByte(12 + 4));
        assertEquals(0x7FFF, packets.list.get(1).getUnsignedShort(12 + 8));
        packets.feed(depacketizer, units);
        assertEquals(1, units.list.size());
        BufferedImage decoded = decode(units.list.get(0).data());
        assertEquals(128, decoded.getWidth());
        assertArrayEquals(pixels(decode(jpeg)), pixels(decoded));
    }

    @Test
    void buildsTablesFromQ() throws IOException {
        // Take the scan of an ImageIO JPEG (quality 0.75, tables K1Div2 = Q 75) and send it with
        // Q = 75 instead of in-band tables.
        byte[] jpeg = jpeg(picture(64, 48));
        VideoRtp.Packets packets = new VideoRtp.Packets();
        assertTrue(new MjpegPacketizer(VideoRtp.options(1472)).packetize(Unpooled.wrappedBuffer(jpeg), 0, packets));
        ByteBuf p = packets.list.get(0);
        int tables = p.getUnsignedShort(12 + 8 + 2);
        byte[] header = bytes(0, 0, 0, 0, 1, 75, 8, 6);
        byte[] scan = Arrays.copyOfRange(ByteBufUtil.getBytes(p), 12 + 8 + 4 + tables, p.readableBytes());
        packets.release();
        feed(rtp(1, 0, true, concat(header, scan)));
        assertEquals(1, units.list.size());
        assertArrayEquals(pixels(decode(jpeg)), pixels(decode(units.list.get(0).data())));
    }

    @Test
    void reassemblesByOffsetAndDropsOnLoss() {
        byte[] q = bytes(0, 0, 0, 0, 1, 50, 2, 2);
        feed(rtp(1, 100, false, concat(q, bytes(1, 2, 3))));
        feed(rtp(2, 100, true, concat(bytes(0, 0, 0, 3, 1, 50, 2, 2), bytes(4, 0xFF, 0xD9))));
        assertEquals(1, units.list.size());
        byte[] image = units.list.get(0).data();
        assertArrayEquals(bytes(1, 2, 3, 4, 0xFF, 0xD9), Arrays.copyOfRange(image, image.length - 6, image.length));
        feed(rtp(3, 200, false, concat(q, bytes(1, 2, 3))));
        feed(rtp(5, 200, true, concat(bytes(0, 0, 0, 6, 1, 50, 2, 2), bytes(4)))); // 4 lost
        feed(rtp(6, 300, false, concat(bytes(0, 0, 0, 3, 1, 50, 2, 2), bytes(4)))); // no start
        feed(rtp(7, 400, false, concat(q, bytes(1, 2, 3))));
        feed(rtp(8, 400, true, concat(bytes(0, 0, 0, 2, 1, 50, 2, 2), bytes(4)))); // offset mismatch
        assertEquals(1, units.list.size());
        assertEquals(5, depacketizer.droppedPackets());
    }

    @Test
    void countsGarbageWithoutThrowing() {
        feed(rtp(1, 1, true));                                          // empty
        feed(rtp(2, 2, true, bytes(0, 0, 0, 0, 1, 50, 2)));             // truncated main header
        feed(rtp(3, 3, true, bytes(0, 0, 0, 0, 2, 50, 2, 2, 9)));       // unknown type
        feed(rtp(4, 4, true, bytes(0, 0, 0, 0, 65, 50, 2, 2, 0, 1)));   // truncated restart header
        feed(rtp(5, 5, true, bytes(0, 0, 0, 0, 1, 255, 2, 2, 0, 0)));   // truncated table header
        feed(rtp(6, 6, true, bytes(0, 0, 0, 0, 1, 255, 2, 2, 0, 0, 0, 128, 1))); // tables cut short
        feed(rtp(7, 7, true, bytes(0, 0, 0, 0, 1, 255, 2, 2, 0, 0, 0, 0, 1)));   // no tables sent yet
        feed(rtp(8, 8, true, bytes(0, 0, 0, 0, 1, 50, 0, 2, 1)));       // zero width
        assertEquals(0, units.list.size());
        assertEquals(8, depacketizer.droppedPackets());
        feed(rtp(9, 9, false, bytes(0, 0, 0, 0, 1, 50, 2, 2, 1)));
        depacketizer.close();
    }

    @Test
    void packetizerRefusesWhatRtpJpegCannotCarry() throws IOException {
        MjpegPacketizer packetizer = new MjpegPacketizer(VideoRtp.options(200));
        VideoRtp.Packets packets = new VideoRtp.Packets();
        byte[] jpeg = jpeg(picture(64, 48));
        assertFalse(packetizer.packetize(Unpooled.EMPTY_BUFFER, 0, packets));
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(Arrays.copyOf(jpeg, jpeg.length / 2)), 0, packets));
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(jpeg(picture(60, 48))), 0, packets)); // width % 8
        BufferedImage gray = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(jpeg(gray)), 0, packets));
        assertFalse(new MjpegPacketizer(VideoRtp.options(RtpPacketizer.MIN_MAX_PACKET_SIZE))
                .packetize(Unpooled.wrappedBuffer(jpeg), 0, packets)); // tables do not fit
        assertTrue(packets.list.isEmpty());
        Format mjpeg = Format.of("M-JPEG", 26, 90000, 0);
        assertInstanceOf(MjpegDepacketizer.class, RtpFormats.depacketizer(mjpeg, UnpooledByteBufAllocator.DEFAULT).orElseThrow());
        assertInstanceOf(MjpegPacketizer.class, RtpFormats.packetizer(mjpeg, VideoRtp.options(200)).orElseThrow());
    }
}
