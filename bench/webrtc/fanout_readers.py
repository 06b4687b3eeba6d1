#!/usr/bin/python3
"""The project's aiortc readers (integration-tests/.../webrtc/whep_readers.py) for the WebRTC
fan-out benchmark, against Strom's WHEP endpoint or Janus's streaming plugin.

Usage: fanout_readers.py whep URL N SECONDS [whep_readers.py options]
       fanout_readers.py janus URL N SECONDS --mountpoint ID [whep_readers.py options]

URL is the WHEP endpoint (http://127.0.0.1:8889/live/whep) or Janus's REST root
(http://127.0.0.2:8088/janus). whep_readers.py does all the work and prints its JSON, unchanged
but for two additions per reader, "video_packets" and "audio_packets": the RTP packets aiortc's
receivers accepted (after SRTP), read from aiortc's own receive statistics at the end of the
run, so counting them costs nothing per packet. The top-level "video_packets" and
"audio_packets" are the per-reader lists. For Janus, each reader speaks Janus's REST API instead
of WHEP (create, attach, watch, answer, start; a keepalive every 20 s; destroy), declines the
abs-send-time extension Janus offers (see without_abs_send_time), and counts frames exactly as
the WHEP reader does (depacketized, not decoded).

Run it with /usr/bin/python3 (Debian's aiortc).
"""
import asyncio
import json
import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "integration-tests",
                                "e2e", "src", "test", "resources", "webrtc"))
import whep_readers  # noqa: E402  (found only after the path above is added)
from aiortc import RTCSessionDescription  # noqa: E402

KEEPALIVE_SECONDS = 20  # Janus drops a session after 60 s without a request (session_timeout)
STREAMING_PLUGIN = "janus.plugin.streaming"


def received_packets(receiver):
    """RTP packets this aiortc 1.4 receiver accepted, summed over its SSRCs (its getStats source)."""
    streams = getattr(receiver, "_RTCRtpReceiver__remote_streams", {})
    return sum(s.packets_received for s in streams.values())


class CountingReader(whep_readers.Reader):
    """The WHEP reader, which also reports the RTP packets it received per kind."""

    def __init__(self, index, args, http):
        super().__init__(index, args, http)
        self.packets = {"video": 0, "audio": 0}

    def end_of_run(self):
        for receiver in self.pc.getReceivers():
            if receiver.track is not None and receiver.track.kind in self.packets:
                self.packets[receiver.track.kind] += received_packets(receiver)
        super().end_of_run()

    def summary(self):
        out = super().summary()
        out["video_packets"] = self.packets["video"]
        out["audio_packets"] = self.packets["audio"]
        return out


def without_abs_send_time(sdp):
    """Janus offers the abs-send-time extension; aiortc accepts it and then runs its Python REMB
    estimator on every video packet, which Strom (no extmap in its answers) never makes it do.
    Declining it keeps the readers' per-packet work the same against both servers."""
    lines = [l for l in sdp.splitlines() if not (l.startswith("a=extmap:") and "abs-send-time" in l)]
    return "\r\n".join(lines) + "\r\n"


class JanusReader(CountingReader):
    """One viewer of a Janus streaming mountpoint over Janus's HTTP API. Janus offers, the reader
    answers; aiortc gathers fully in setLocalDescription, so the answer carries the candidates
    and no trickle is needed. `location` is the session URL, so whep_readers' end-of-run check
    (transport still up) applies once the session exists."""

    async def janus(self, url, body, what):
        body = dict(body, transaction=uuid.uuid4().hex)
        status, _, text = await whep_readers.request(self.http, "POST", url, json=body)
        reply = self.parse(status, text, what)
        if reply.get("janus") not in ("success", "ack"):
            raise whep_readers.PeerError("%s: Janus replied %s" % (what, text[:200]))
        return reply

    @staticmethod
    def parse(status, text, what):
        if status != 200:
            raise whep_readers.PeerError("%s returned %d: %s" % (what, status, text[:200]))
        try:
            return json.loads(text)
        except ValueError:
            raise whep_readers.PeerError("%s: not JSON: %s" % (what, text[:200]))

    async def offer(self, session):
        """Long-polls the session until the plugin event carrying the SDP offer arrives (the
        setup timeout bounds the wait); an error event from the plugin is this reader's error."""
        while True:
            status, _, text = await whep_readers.request(self.http, "GET", session + "?maxev=1")
            events = self.parse(status, text, "event poll")
            for event in events if isinstance(events, list) else [events]:
                data = event.get("plugindata", {}).get("data", {})
                if "error" in data:
                    raise whep_readers.PeerError("watch refused: %s" % data["error"])
                if event.get("jsep", {}).get("type") == "offer":
                    return event["jsep"]["sdp"]

    async def open(self):
        base = self.args.url.rstrip("/")
        created = await self.janus(base, {"janus": "create"}, "create")
        self.location = "%s/%d" % (base, created["data"]["id"])
        attached = await self.janus(self.location, {"janus": "attach", "plugin": STREAMING_PLUGIN}, "attach")
        handle = "%s/%d" % (self.location, attached["data"]["id"])
        self.tasks.append(asyncio.ensure_future(self.keepalive()))
        await self.janus(handle, {"janus": "message", "body": {"request": "watch", "id": self.args.mountpoint}},
                         "watch")
        sdp = await self.offer(self.location)
        self.post_status = 200
        await self.pc.setRemoteDescription(RTCSessionDescription(without_abs_send_time(sdp), "offer"))
        await self.pc.setLocalDescription(await self.pc.createAnswer())  # gathers fully
        await self.janus(handle, {"janus": "message", "body": {"request": "start"},
                                  "jsep": {"type": "answer", "sdp": self.pc.localDescription.sdp}}, "start")

    async def keepalive(self):
        while True:
            await asyncio.sleep(KEEPALIVE_SECONDS)
            try:
                await self.janus(self.location, {"janus": "keepalive"}, "keepalive")
            except whep_readers.PeerError as e:
                self.error(str(e))

    async def close(self):
        for t in self.tasks:
            t.cancel()
        try:
            if self.location is not None:
                await self.janus(self.location, {"janus": "destroy"}, "destroy")
                self.delete_status = 200
        finally:
            await self.pc.close()


def with_packet_lists(result):
    def wrapped(args, readers, errors):
        out = result(args, readers, errors)
        out["video_packets"] = [p["video_packets"] for p in out["peers"]]
        out["audio_packets"] = [p["audio_packets"] for p in out["peers"]]
        return out
    return wrapped


def take_mountpoint(argv):
    """Removes --mountpoint ID from argv (whep_readers.py would reject it) and returns the ID."""
    at = argv.index("--mountpoint") if "--mountpoint" in argv else len(argv)
    if at + 1 >= len(argv) or not argv[at + 1].isdigit():
        raise ValueError("janus mode needs --mountpoint ID (a positive integer)")
    mountpoint = int(argv[at + 1])
    del argv[at:at + 2]
    return mountpoint


def main(argv):
    mode, rest = (argv[0], argv[1:]) if argv else (None, [])
    if mode not in ("whep", "janus"):
        print(__doc__, file=sys.stderr)
        return 2
    parse_args = whep_readers.parse_args
    if mode == "janus":
        try:
            mountpoint = take_mountpoint(rest)
        except ValueError as e:
            print(e, file=sys.stderr)
            return 2

        def parse_janus_args(a):
            args = parse_args(a)
            args.mountpoint = mountpoint
            return args
        whep_readers.parse_args = parse_janus_args
    # whep_readers.run() and main() look these names up when they run, so the readers and the
    # result they build are ours while everything else (watchdog, ICE, SRTP, counting) is theirs.
    whep_readers.Reader = JanusReader if mode == "janus" else CountingReader
    whep_readers.result = with_packet_lists(whep_readers.result)
    return whep_readers.main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
