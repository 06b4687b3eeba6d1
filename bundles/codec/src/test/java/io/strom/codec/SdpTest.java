package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SdpTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = SdpTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsFfmpegsH264AndOpus() throws Exception {
        MediaDescription d = Sdp.parse(resource("ffmpeg-h264-opus.sdp")).description();
        assertEquals(List.of("H264", "Opus"), d.codecs());
        Format video = d.tracks().get(0).format();
        assertEquals(96, video.payloadType());
        assertEquals(90000, video.clockRate());
        assertEquals(Map.of("packetization-mode", "1"), video.parameters());
        Format audio = d.tracks().get(1).format();
        assertEquals(48000, audio.clockRate());
        assertEquals(2, audio.channels());
    }

    @Test
    void readsFfmpegsAacWithItsAuHeaderParameters() throws Exception {
        Format aac = Sdp.parse(resource("ffmpeg-h264-aac.sdp")).description().tracks().get(1).format();
        assertEquals("MPEG-4 Audio", aac.codec());
        assertEquals("13", aac.parameters().get("sizelength"));
        assertEquals("118856E500", aac.parameters().get("config"));
        assertEquals("AAC-hbr", aac.parameters().get("mode"));
    }

    @Test
    void writesWhatItReadsWithTrackControls() throws Exception {
        MediaDescription d = Sdp.parse(resource("ffmpeg-h264-aac.sdp")).description();
        String written = Sdp.write(d, "cam");
        assertTrue(written.contains("a=control:trackID=0\r\n"), written);
        assertTrue(written.contains("a=rtpmap:97 MPEG4-GENERIC/48000/1\r\n"), written);
        SdpDescription again = Sdp.parse(written);
        assertEquals(d, again.description());
        assertEquals(List.of("trackID=0", "trackID=1"), again.controls());
    }

    @Test
    void staticPayloadTypesNeedNoRtpmapAndG711KeepsItsLaw() throws Exception {
        SdpDescription s = Sdp.parse("v=0\r\nm=audio 0 RTP/AVP 8\r\na=control:x\r\nm=audio 0 RTP/AVP 0\r\n");
        assertEquals(List.of("G711", "G711"), s.description().codecs());
        assertEquals(List.of("x", ""), s.controls());
        String written = Sdp.write(s.description(), "");
        assertTrue(written.contains("a=rtpmap:8 PCMA/8000/1") && written.contains("a=rtpmap:0 PCMU/8000/1"), written);
    }

    @Test
    void unknownEncodingsPassThroughUnderTheirOwnName() throws Exception {
        MediaDescription d = Sdp.parse("v=0\nm=application 0 RTP/AVP 107\na=rtpmap:107 vnd.onvif.metadata/90000\n").description();
        assertEquals(List.of("vnd.onvif.metadata"), d.codecs());
        assertEquals(MediaKind.APPLICATION, d.tracks().get(0).kind());
    }

    @Test
    void badSdpIsAnExceptionNamingTheLine() {
        assertTrue(assertThrows(SdpException.class, () -> Sdp.parse("hello")).getMessage().contains("line 1"));
        assertTrue(assertThrows(SdpException.class, () -> Sdp.parse("v=0\r\ns=x\r\n")).getMessage().contains("no media"));
        assertTrue(assertThrows(SdpException.class, () -> Sdp.parse("v=0\nm=video 0 RTP/AVP 96\n")).getMessage().contains("rtpmap"));
        assertTrue(assertThrows(SdpException.class, () -> Sdp.parse("v=0\nm=smell 0 RTP/AVP 96\n")).getMessage().contains("line 2"));
        assertTrue(assertThrows(SdpException.class, () -> Sdp.parse("v=0\nm=video 0 RTP/AVP 200\n")).getMessage().contains("payload type"));
        assertTrue(assertThrows(SdpException.class, () -> Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/abc\n")).getMessage().contains("rtpmap"));
        assertThrows(SdpException.class, () -> Sdp.parse("m=video 0 RTP/AVP 96\n"), "no v= line");
        assertThrows(SdpException.class, () -> Sdp.parse("v=0\n" + "x".repeat(Sdp.MAX_LENGTH)));
    }

    @Test
    void fmtpKeepsValuesContainingEquals() {
        assertEquals(Map.of("sprop-parameter-sets", "Z0LAH9kA==,aMuMsg==", "packetization-mode", "1"),
                Sdp.parseFmtp("packetization-mode=1; sprop-parameter-sets=Z0LAH9kA==,aMuMsg=="));
    }
}
