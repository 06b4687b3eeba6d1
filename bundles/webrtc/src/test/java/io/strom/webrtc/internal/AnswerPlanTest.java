package io.strom.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerPlanTest {

    private static final Format H264_BASELINE = new Format("H264", 96, 90000, 0,
            Map.of("packetization-mode", "1", "profile-level-id", "42e01f", "sprop-parameter-sets", "Z0LAH9kA,aM4G4g=="));
    private static final Format OPUS = Format.of("Opus", 97, 48000, 2);

    @Test
    void parsesTheSectionsOfABrowserOffer() {
        OfferSdp offer = OfferSdp.parse(Offers.browser());
        assertEquals(2, offer.sections().size());
        OfferSdp.Section video = offer.sections().get(0);
        assertEquals("video", video.kind());
        assertEquals("0", video.mid());
        assertEquals("recvonly", video.direction());
        assertEquals(List.of(96, 97, 103, 104, 105), video.payloadTypes());
        assertEquals("H264", video.encoding(104));
        assertEquals("Ab12", video.ice().ufrag());
        assertEquals(2, video.candidates().size());
        assertTrue(video.candidates().get(0).isMdns());
        assertEquals("PCMU", offer.sections().get(1).encoding(0));
    }

    @Test
    void anOfferWithoutDtlsSrtpHasNoProfileInCommon() {
        for (String profile : List.of("RTP/AVP", "RTP/SAVP", "RTP/SAVPF")) {
            String sdes = Offers.browser().replace("UDP/TLS/RTP/SAVPF", profile);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfferSdp.parse(sdes));
            assertTrue(e.getMessage().startsWith("no SRTP profile in common: media section 0 uses " + profile), e.getMessage());
        }
    }

    @Test
    void picksTheH264PayloadTypeWithTheStreamsProfileAndPacketizationMode() {
        AnswerPlan plan = AnswerPlan.plan(OfferSdp.parse(Offers.browser()),
                MediaDescription.of(MediaKind.VIDEO, H264_BASELINE, MediaKind.AUDIO, OPUS));
        assertEquals(2, plan.bindings().size());
        AnswerPlan.Binding video = plan.bindingOf(0);
        assertEquals(104, video.payloadType());
        assertEquals(0, video.track());
        assertEquals(List.of("nack", "nack pli", "ccm fir"), video.feedback());
        AnswerPlan.Binding audio = plan.bindingOf(1);
        assertEquals(111, audio.payloadType());
        assertEquals("opus/48000/2", audio.rtpmap());
        assertEquals(List.of(), audio.feedback(), "transport-cc is not answered");
    }

    @Test
    void fallsBackToAnotherH264ProfileWithTheSamePacketizationMode() {
        Format high = new Format("H264", 96, 90000, 0, Map.of("packetization-mode", "1", "profile-level-id", "4d0029"));
        AnswerPlan plan = AnswerPlan.plan(OfferSdp.parse(Offers.browser()), MediaDescription.of(MediaKind.VIDEO, high));
        assertEquals(103, plan.bindingOf(0).payloadType());
        assertEquals(null, plan.bindingOf(1), "no audio track: the audio section is rejected");
    }

    @Test
    void sendsG711WithItsStaticPayloadType() {
        AnswerPlan plan = AnswerPlan.plan(OfferSdp.parse(Offers.browser()),
                MediaDescription.of(MediaKind.AUDIO, Format.of("G711", 8, 8000, 1)));
        assertEquals(8, plan.bindingOf(1).payloadType());
        assertEquals("PCMA/8000", plan.bindingOf(1).rtpmap());
    }

    @Test
    void refusesAnOfferWithNoCodecOfTheStreamAndNamesBothSides() {
        MediaDescription aac = MediaDescription.of(MediaKind.AUDIO, Format.of("MPEG-4 Audio", 97, 44100, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnswerPlan.plan(OfferSdp.parse(Offers.browser()), aac));
        assertTrue(e.getMessage().contains("[MPEG-4 Audio]"), e.getMessage());
        assertTrue(e.getMessage().contains("audio [OPUS, PCMU, PCMA]"), e.getMessage());
    }

    @Test
    void refusesWhatIsNotAnOffer() {
        assertThrows(IllegalArgumentException.class, () -> OfferSdp.parse("hello"));
        assertThrows(IllegalArgumentException.class, () -> OfferSdp.parse("v=0\r\ns=-\r\n"));
        String noIce = Offers.browser().replace("a=ice-ufrag:Ab12\r\n", "");
        assertThrows(IllegalArgumentException.class, () -> OfferSdp.parse(noIce));
        String badPt = Offers.browser().replace("SAVPF 111 0 8", "SAVPF 111 x 8");
        assertThrows(IllegalArgumentException.class, () -> OfferSdp.parse(badPt));
        String badCandidate = Offers.browser().replace("50001 typ host", "port typ host");
        assertThrows(IllegalArgumentException.class, () -> OfferSdp.parse(badCandidate));
    }

    @Test
    void answerCarriesIceDtlsAndOneSsrcPerSentTrack() {
        AnswerPlan plan = AnswerPlan.plan(OfferSdp.parse(Offers.browser()),
                MediaDescription.of(MediaKind.VIDEO, H264_BASELINE));
        String answer = AnswerSdp.write(plan, 7, new io.strom.api.ice.IceCredentials("uf", "pw"),
                List.of(new io.strom.api.ice.IceCandidate("1", 1, "udp", 2130706431L, "127.0.0.1", 8189, "host", null)),
                true, "AA:BB", new long[] {1234});
        assertTrue(answer.contains("a=group:BUNDLE 0\r\n"), answer);
        assertTrue(answer.contains("a=ice-lite\r\n"));
        assertTrue(answer.contains("m=video 9 UDP/TLS/RTP/SAVPF 104\r\n"));
        assertTrue(answer.contains("a=setup:passive\r\n"));
        assertTrue(answer.contains("a=fingerprint:sha-256 AA:BB\r\n"));
        assertTrue(answer.contains("a=ssrc:1234 cname:strom\r\n"));
        assertTrue(answer.contains("a=candidate:1 1 udp 2130706431 127.0.0.1 8189 typ host\r\n"));
        assertTrue(answer.contains("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n"), "the audio section is rejected");
        assertTrue(answer.endsWith("a=inactive\r\n"));
    }
}
