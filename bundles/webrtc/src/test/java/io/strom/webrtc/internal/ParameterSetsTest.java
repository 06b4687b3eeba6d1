package io.strom.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.strom.api.media.Format;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSetsTest {

    @Test
    void h264ParameterSetsGoInOneStapA() {
        // SPS 67 42 c0 1f, PPS 68 ce 3c 80, as sprop-parameter-sets
        Format f = new Format("H264", 96, 90000, 0, Map.of("sprop-parameter-sets", "Z0LAHw==,aM48gA=="));
        assertArrayEquals(new byte[] {0x78, 0, 4, 0x67, 0x42, (byte) 0xc0, 0x1f, 0, 4, 0x68, (byte) 0xce, 0x3c, (byte) 0x80},
                ParameterSets.aggregationPayload(f));
    }

    @Test
    void h265ParameterSetsGoInOneAggregationPacket() {
        Format f = new Format("H265", 96, 90000, 0, Map.of("sprop-vps", "QAE=", "sprop-sps", "QgE=", "sprop-pps", "RAE="));
        assertArrayEquals(new byte[] {0x60, 1, 0, 2, 0x40, 1, 0, 2, 0x42, 1, 0, 2, 0x44, 1},
                ParameterSets.aggregationPayload(f));
    }

    @Test
    void nothingWithoutOrWithBrokenParameterSets() {
        assertNull(ParameterSets.aggregationPayload(Format.of("H264", 96, 90000, 0)));
        assertNull(ParameterSets.aggregationPayload(new Format("H264", 96, 90000, 0, Map.of("sprop-parameter-sets", "!!,??"))));
        assertNull(ParameterSets.aggregationPayload(Format.of("VP8", 96, 90000, 0)));
    }
}
