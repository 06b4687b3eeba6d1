#!/usr/bin/env python3
"""A WHEP reader on GStreamer's webrtcbin (libnice ICE), optionally restricted to ICE-TCP.

Posts a recvonly H264 + Opus offer (non-trickle: sent once gathering is complete), applies the
answer, and counts the H264 access units and Opus packets that come out of the RTP depayloaders
for SECONDS. Prints one JSON object: {"status", "ice_state", "video_frames", "audio_packets",
"errors"}. Exit 0 when media arrived, 1 when not, 2 on bad arguments.

Usage: gst_whep_reader.py WHEP_URL SECONDS [--tcp-only]
  --tcp-only  the ICE agent gathers and uses TCP candidates only (libnice's ice-udp off)
"""
import json
import sys
import threading
import urllib.error
import urllib.request

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

POST_TIMEOUT_S = 10
GATHERING_TIMEOUT_S = 10


class Reader:
    def __init__(self, url, seconds, tcp_only):
        self.url, self.seconds = url, seconds
        self.result = {"status": None, "ice_state": None, "video_frames": 0, "audio_packets": 0, "errors": []}
        self.loop = GLib.MainLoop()
        self.pipeline = Gst.Pipeline.new("whep")
        self.webrtc = Gst.ElementFactory.make("webrtcbin", "webrtc")
        self.webrtc.set_property("bundle-policy", GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        if tcp_only:
            # Kept for the reader's lifetime: PyGObject 3.42 drops a reference it never took when
            # the wrapper of webrtcbin's ice-agent is collected, freeing the agent under webrtcbin.
            self.ice_agent = self.webrtc.get_property("ice-agent")
            self.ice_agent.set_property("ice-udp", False)
            self.ice_agent.set_property("ice-tcp", True)
        self.pipeline.add(self.webrtc)
        # webrtcbin 1.22 writes no media section for caps without an ssrc, even recvonly ones.
        for caps in ("application/x-rtp,media=video,encoding-name=H264,payload=96,clock-rate=90000,"
                     "packetization-mode=(string)1,profile-level-id=(string)42e01f,ssrc=(uint)1001",
                     "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,ssrc=(uint)1002"):
            self.webrtc.emit("add-transceiver", GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY,
                             Gst.Caps.from_string(caps))
        self.webrtc.connect("pad-added", self.on_pad)
        self.webrtc.connect("on-ice-candidate", self.on_candidate)
        self.webrtc.connect("notify::ice-gathering-state", self.on_gathering)
        self.webrtc.connect("notify::ice-connection-state", self.on_ice_state)
        self.offered = False
        self.offer_sdp = None
        self.candidates = []  # (m-line index, "candidate:..."), gathered after the offer was made

    def run(self):
        self.pipeline.set_state(Gst.State.PLAYING)
        promise = Gst.Promise.new_with_change_func(self.on_offer, None)
        self.webrtc.emit("create-offer", None, promise)
        GLib.timeout_add_seconds(GATHERING_TIMEOUT_S, self.gathering_overdue)
        GLib.timeout_add(int(self.seconds * 1000), self.loop.quit)
        self.loop.run()
        self.pipeline.set_state(Gst.State.NULL)
        return self.result

    def on_offer(self, promise, _):
        reply = promise.get_reply()  # owns the offer: keep it referenced while the offer is used
        offer = reply.get_value("offer")
        self.offer_sdp = offer.sdp.as_text()
        self.webrtc.emit("set-local-description", offer,
                         Gst.Promise.new_with_change_func(lambda *_: GLib.idle_add(self.on_gathering), None))

    def on_candidate(self, _, mline, candidate):
        self.candidates.append((mline, candidate))

    def with_candidates(self):
        # The "local-description" property would carry them, but reading that boxed property
        # from PyGObject 3.42 crashes the process; the offer plus the gathered lines is the same SDP.
        sections = self.offer_sdp.rstrip("\r\n").split("\r\nm=")
        for mline, candidate in self.candidates:
            if mline + 1 < len(sections):
                sections[mline + 1] += "\r\na=" + candidate
        return "\r\nm=".join(sections) + "\r\n"

    def on_gathering(self, *_):
        if self.webrtc.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
            GLib.idle_add(self.post_offer)
        return False

    def gathering_overdue(self):
        self.post_offer()  # send what was gathered so far
        return False

    def post_offer(self):
        if self.offered or self.offer_sdp is None:
            return False
        self.offered = True
        sdp = self.with_candidates()
        threading.Thread(target=self.exchange, args=(sdp,), daemon=True).start()
        return False

    def exchange(self, sdp):
        request = urllib.request.Request(self.url, data=sdp.encode(), method="POST",
                                         headers={"Content-Type": "application/sdp"})
        try:
            with urllib.request.urlopen(request, timeout=POST_TIMEOUT_S) as response:
                self.result["status"] = response.status
                answer = response.read().decode()
        except urllib.error.HTTPError as e:
            self.result["status"] = e.code
            self.result["errors"].append("POST: %d %s" % (e.code, e.read().decode(errors="replace")[:200]))
            return
        except OSError as e:
            self.result["errors"].append("POST: %s" % e)
            return
        GLib.idle_add(self.apply_answer, answer)

    def apply_answer(self, text):
        ok, message = GstSdp.SDPMessage.new_from_text(text)
        if ok != GstSdp.SDPResult.OK:
            self.result["errors"].append("answer is not SDP")
            return False
        answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, message)
        self.webrtc.emit("set-remote-description", answer, Gst.Promise.new())
        return False

    def on_ice_state(self, *_):
        self.result["ice_state"] = self.webrtc.get_property("ice-connection-state").value_nick

    def on_pad(self, _, pad):
        if pad.direction != Gst.PadDirection.SRC:
            return
        encoding = pad.get_current_caps().get_structure(0).get_string("encoding-name")
        video = encoding == "H264"
        depay = Gst.ElementFactory.make("rtph264depay" if video else "rtpopusdepay")
        sink = Gst.ElementFactory.make("fakesink")
        sink.set_property("signal-handoffs", True)
        sink.set_property("sync", False)
        key = "video_frames" if video else "audio_packets"
        sink.connect("handoff", lambda *_: self.result.__setitem__(key, self.result[key] + 1))
        for element in (depay, sink):
            self.pipeline.add(element)
            element.sync_state_with_parent()
        if video:  # one buffer per access unit
            depay.link_filtered(sink, Gst.Caps.from_string("video/x-h264,alignment=au"))
        else:
            depay.link(sink)
        pad.link(depay.get_static_pad("sink"))


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    options = [a for a in argv if a.startswith("--")]
    if len(args) != 2 or any(o != "--tcp-only" for o in options):
        sys.stderr.write(__doc__)
        return 2
    Gst.init(None)
    result = Reader(args[0], float(args[1]), "--tcp-only" in options).run()
    print(json.dumps(result))
    return 0 if result["video_frames"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
