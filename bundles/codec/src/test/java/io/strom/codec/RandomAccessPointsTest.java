package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RandomAccessPointsTest {

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
        "H264, 65, true", "H264, 41, false", "H264, 67, true",
        "H265, 2601ff, true", "H265, 0201ff, false", "H265, 4201ff, true",
        "H265, 62019301, true", "H265, 62011301, false", "H265, 62015301, false",
        "H265, 600100032601ff, true", "H265, 600100030201ff, false",
        "VP8, 1000, true", "VP8, 1001, false", "VP8, 0000, false",
        "VP8, 90800500, true", "VP8, 9080850001, false", "VP8, 9080, false",
        "VP9, 08, true", "VP9, 48, false", "VP9, 00, false",
        "AV1, 18, true", "AV1, 10, false",
        "M-JPEG, 0000000001ff2814, true", "M-JPEG, 000004b001ff2814, false",
        "Opus, 00, true", "H264, '', false"
    })
    void tellsWhereADecoderCanStart(String codec, String payloadHex, boolean expected) {
        byte[] payload = java.util.HexFormat.of().parseHex(payloadHex);
        assertEquals(expected, RandomAccessPoints.isRandomAccess(codec, Unpooled.wrappedBuffer(payload), 0, payload.length));
    }
}
