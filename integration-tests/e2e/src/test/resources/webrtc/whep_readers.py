#!/usr/bin/python3
"""N WHEP readers (aiortc 1.4.0) in one asyncio process; prints one JSON object on stdout.

Usage: whep_readers.py URL N SECONDS [--decode] [--ice-ip IP] [--srtp-profile P[:P...]]
                       [--trickle] [--setup-timeout S]

Run it with /usr/bin/python3: Debian's aiortc is not visible to a pyenv python3.
Exit status: 0 when the run completed (peer failures are listed in "errors"), 1 on an
unexpected exception, 2 on bad arguments, 3 when the watchdog stopped a run that overran
SECONDS + 30 s.
"""
import argparse
import asyncio
import collections
import json
import os
import signal
import sys
import time
import traceback
import urllib.parse

import aiohttp
import aioice.ice
import aiortc.rtcdtlstransport as dtls
import aiortc.rtcrtpreceiver as rtpreceiver
import pylibsrtp
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from OpenSSL._util import ffi as ssl_ffi
from OpenSSL._util import lib as ssl_lib

HTTP_TIMEOUT = aiohttp.ClientTimeout(total=10)
TEARDOWN_TIMEOUT = 8
WATCHDOG_MARGIN = 30

# OpenSSL profile name -> (libsrtp profile, master key length, master salt length), RFC 5764 / RFC 7714.
SRTP_PROFILES = {
    "SRTP_AES128_CM_SHA1_80": (pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_80, 16, 14),
    "SRTP_AES128_CM_SHA1_32": (pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_32, 16, 14),
    "SRTP_AEAD_AES_128_GCM": (pylibsrtp.Policy.SRTP_PROFILE_AEAD_AES_128_GCM, 16, 12),
    "SRTP_AEAD_AES_256_GCM": (pylibsrtp.Policy.SRTP_PROFILE_AEAD_AES_256_GCM, 32, 12),
}

# Encoded frames per receiver queue, filled by the counting worker threads (one writer per key).
encoded_frames = collections.Counter()
codec_of_queue = {}


def codec_recording(decoder_worker):
    """Wraps aiortc's decoder thread so the codec of each track is recorded, as counting_worker does."""
    def worker(loop, input_q, output_q):
        class Tap:
            def get(self):
                task = input_q.get()
                if task is not None:
                    codec_of_queue[output_q] = task[0].name
                return task
        decoder_worker(loop, Tap(), output_q)
    return worker


def counting_worker(loop, input_q, output_q):
    """Stands in for aiortc's per-track decoder thread: counts depacketized frames, decodes nothing."""
    while True:
        task = input_q.get()
        if task is None:
            return
        codec, _ = task
        codec_of_queue[output_q] = codec.name
        encoded_frames[output_q] += 1


def restrict_ice_to(ip):
    """aioice gathers every interface (and skips 127.0.0.1); offer only `ip` as the host candidate."""
    aioice.ice.get_host_addresses = lambda use_ipv4=True, use_ipv6=True: [ip]


def offer_srtp_profiles(profiles):
    """aiortc 1.4.0 offers only AES128_CM_SHA1_80 and derives keys for it alone. Offer `profiles`
    instead and, once DTLS is up, re-key both SRTP sessions for the profile the server selected."""
    original_context = dtls.RTCCertificate._create_ssl_context
    original_start = dtls.RTCDtlsTransport.start

    def create_context(self):
        ctx = original_context(self)
        ctx.set_tlsext_use_srtp(":".join(profiles).encode())
        return ctx

    async def start(self, remote_parameters):
        await original_start(self, remote_parameters)
        # No await between the handshake's end and here, so no SRTP packet has been read yet.
        if self.state == "connected":
            name = selected_srtp_profile(self)
            if name is None:  # OpenSSL completes the handshake even without a common profile
                self.srtp_failure = "the DTLS peer selected none of the SRTP profiles " + ":".join(profiles)
                self._set_state(dtls.State.FAILED)
            else:
                rekey(self, name)

    dtls.RTCCertificate._create_ssl_context = create_context
    dtls.RTCDtlsTransport.start = start


def selected_srtp_profile(transport):
    profile = ssl_lib.SSL_get_selected_srtp_profile(transport.ssl._ssl)
    return None if profile == ssl_ffi.NULL else ssl_ffi.string(profile.name).decode()


def rekey(transport, name):
    libsrtp_profile, key_len, salt_len = SRTP_PROFILES[name]
    material = transport.ssl.export_keying_material(b"EXTRACTOR-dtls_srtp", 2 * (key_len + salt_len))

    def key_salt(index):  # RFC 5764 4.2: client key, server key, client salt, server salt
        return (material[index * key_len:(index + 1) * key_len]
                + material[2 * key_len + index * salt_len:2 * key_len + (index + 1) * salt_len])

    tx_index = 1 if transport._role == "server" else 0
    for attr, index, ssrc_type in (("_tx_srtp", tx_index, pylibsrtp.Policy.SSRC_ANY_OUTBOUND),
                                   ("_rx_srtp", 1 - tx_index, pylibsrtp.Policy.SSRC_ANY_INBOUND)):
        policy = pylibsrtp.Policy(key=key_salt(index), ssrc_type=ssrc_type, srtp_profile=libsrtp_profile)
        policy.allow_repeat_tx = True
        policy.window_size = 1024
        setattr(transport, attr, pylibsrtp.Session(policy))


def trickle_fragment(sdp):
    """The offer's candidates as an RFC 8840 SDP fragment: ufrag, pwd, then one m= section per mid."""
    credentials, media = {}, []
    for line in sdp.splitlines():
        if line.startswith("m="):
            media.append({"kind": line[2:].split(" ")[0], "mid": None, "candidates": []})
        elif line.startswith(("a=ice-ufrag:", "a=ice-pwd:")):
            credentials.setdefault(line.split(":")[0], line)  # BUNDLE: every section has the same
        elif media and line.startswith("a=mid:"):
            media[-1]["mid"] = line[6:]
        elif media and line.startswith("a=candidate:"):
            media[-1]["candidates"].append(line)
    out = list(credentials.values())
    for m in media:
        out += ["m=%s 9 UDP/TLS/RTP/SAVPF 0" % m["kind"], "a=mid:%s" % m["mid"]] + m["candidates"]
        out.append("a=end-of-candidates")
    return "\r\n".join(out) + "\r\n"


def unique_extmap_ids(sdp):
    """aiortc 1.4.0 offers extmap id 2 for abs-send-time (video) and for ssrc-audio-level (audio)
    although BUNDLE puts both on one transport (RFC 8843 9.2 forbids that), and then parses a 1-byte
    audio level as a 3-byte send time, which kills the transport. Give each URI its own id; the
    answer echoes it and aiortc configures its receivers from the answer's ids."""
    uri_of_id, id_of_uri, lines = {}, {}, []
    for line in sdp.splitlines():
        if line.startswith("a=extmap:"):
            ext_id, uri = line[9:].split(" ", 1)
            ext_id, slash, direction = ext_id.partition("/")
            if uri in id_of_uri:
                ext_id = id_of_uri[uri]
            elif uri_of_id.get(ext_id, uri) != uri:
                ext_id = str(min(i for i in range(1, 15) if str(i) not in uri_of_id))
            uri_of_id[ext_id], id_of_uri[uri] = uri, ext_id
            line = "a=extmap:%s%s%s %s" % (ext_id, slash, direction, uri)
        lines.append(line)
    return "\r\n".join(lines) + "\r\n"


def without_candidates(sdp):
    lines = [l for l in sdp.splitlines() if not l.startswith(("a=candidate:", "a=end-of-candidates"))]
    return "\r\n".join(lines) + "\r\n"


class PeerError(Exception):
    """A failure of one reader's session, reported in "errors" while the other readers go on."""


async def request(http, method, url, **kwargs):
    """One HTTP exchange: (status, headers, body); no response within HTTP_TIMEOUT is a PeerError."""
    try:
        async with http.request(method, url, **kwargs) as r:
            return r.status, r.headers, await r.text()
    except asyncio.TimeoutError:
        raise PeerError("%s %s: no response within %g s" % (method, url, HTTP_TIMEOUT.total))
    except aiohttp.ClientError as e:
        raise PeerError("%s %s failed: %r" % (method, url, e))


class Reader:
    """One WHEP session: offer, POST, answer, count frames, DELETE."""

    def __init__(self, index, args, http):
        self.index = index
        self.args = args
        self.http = http
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))  # no STUN: loopback only
        self.started = time.monotonic()
        self.connect_ms = None
        self.states = []
        self.queues = {}
        self.decoded = collections.Counter()
        self.size = None
        self.tasks = []
        self.location = None
        self.etag = None
        self.post_status = None
        self.patch_status = None
        self.delete_status = None
        self.final_profile = None
        self.connected_at_end = False
        self.errors = []
        self.pc.on("connectionstatechange", self.on_state)
        self.pc.on("track", self.on_track)

    def error(self, text):
        self.errors.append("reader %d: %s" % (self.index, text))

    def on_state(self):
        state = self.pc.connectionState
        self.states.append(state)
        if state == "connected" and self.connect_ms is None:
            self.connect_ms = round((time.monotonic() - self.started) * 1000)
        elif state == "failed":
            self.error("connection failed")

    def on_track(self, track):
        self.queues[track.kind] = track._queue
        if self.args.decode:
            self.tasks.append(asyncio.ensure_future(self.drain(track)))

    async def drain(self, track):
        try:
            while True:
                frame = await track.recv()
                self.decoded[track.kind] += 1
                if track.kind == "video":
                    self.size = (frame.width, frame.height)
        except Exception:  # MediaStreamError when the track ends: the count is final
            return

    async def open(self):
        for kind in ("video", "audio"):
            self.pc.addTransceiver(kind, direction="recvonly")
        await self.pc.setLocalDescription(await self.pc.createOffer())  # gathers fully
        offer = unique_extmap_ids(self.pc.localDescription.sdp)
        body = without_candidates(offer) if self.args.trickle else offer
        self.post_status, headers, answer = await request(
            self.http, "POST", self.args.url, data=body, headers={"Content-Type": "application/sdp"})
        if self.post_status != 201:
            raise PeerError("POST returned %d: %s" % (self.post_status, answer[:200]))
        if "Location" not in headers:
            raise PeerError("POST returned 201 without Location")
        self.location = urllib.parse.urljoin(self.args.url, headers["Location"])
        self.etag = headers.get("ETag")
        if not headers.get("Content-Type", "").startswith("application/sdp"):
            self.error("answer Content-Type is %r" % headers.get("Content-Type"))
        if self.args.trickle:
            await self.patch(trickle_fragment(offer))
        await self.pc.setRemoteDescription(RTCSessionDescription(answer, "answer"))

    async def patch(self, fragment):
        headers = {"Content-Type": "application/trickle-ice-sdpfrag"}
        if self.etag:
            headers["If-Match"] = self.etag
        self.patch_status, _, text = await request(self.http, "PATCH", self.location, data=fragment, headers=headers)
        if self.patch_status not in (200, 204):
            self.error("PATCH returned %d: %s" % (self.patch_status, text[:200]))

    async def close(self):
        try:
            if self.location is not None:
                self.delete_status, _, _ = await request(self.http, "DELETE", self.location)
                if self.delete_status not in (200, 204):
                    self.error("DELETE returned %d" % self.delete_status)
        finally:
            await self.pc.close()
        for t in self.tasks:
            t.cancel()

    def frames(self, kind):
        if self.args.decode:
            return self.decoded[kind]
        q = self.queues.get(kind)
        return encoded_frames[q] if q is not None else 0

    def end_of_run(self):
        """Records the SRTP profile, and an error when the transport did not last the whole run."""
        transport = self.pc.getTransceivers()[0].receiver.transport
        self.connected_at_end = transport.state == "connected"
        if self.connected_at_end:
            self.final_profile = selected_srtp_profile(transport)
        elif self.location is not None:
            self.error("DTLS transport %s at the end of the run%s"
                       % (transport.state, ": " + transport.srtp_failure if hasattr(transport, "srtp_failure") else ""))

    def summary(self):
        return {
            "index": self.index, "location": self.location, "post_status": self.post_status,
            "patch_status": self.patch_status, "delete_status": self.delete_status,
            "states": self.states, "connected_at_end": self.connected_at_end, "connect_ms": self.connect_ms,
            "video_frames": self.frames("video"), "audio_frames": self.frames("audio"),
            "video_codec": codec_of_queue.get(self.queues.get("video")),
            "audio_codec": codec_of_queue.get(self.queues.get("audio")),
            "width": self.size[0] if self.size else None, "height": self.size[1] if self.size else None,
            "srtp_profile": self.final_profile,
        }


def result(args, readers, errors):
    peers = [r.summary() for r in readers]
    sizes = collections.Counter((p["width"], p["height"]) for p in peers if p["width"] is not None)
    width, height = sizes.most_common(1)[0][0] if sizes else (None, None)
    if len(sizes) > 1:
        errors.append("readers decoded different sizes: %s" % dict(sizes))
    return {
        "readers": args.n,
        "connected": sum(1 for r in readers if r.connected_at_end),
        "video_frames": [p["video_frames"] for p in peers],
        "audio_frames": [p["audio_frames"] for p in peers],
        "width": width, "height": height,
        "srtp_profiles": [p["srtp_profile"] for p in peers],
        "decode": args.decode, "seconds": args.seconds,
        "errors": errors + [e for r in readers for e in r.errors],
        "peers": peers,
    }


async def bounded(reader, step, timeout, what):
    """Runs one reader's step within `timeout`; a failure is that reader's error, not the run's."""
    try:
        await asyncio.wait_for(step, timeout)
    except asyncio.TimeoutError:
        reader.error("%s not done within %g s" % (what, timeout))
    except PeerError as e:
        reader.error(str(e))
    except (ValueError, OSError) as e:  # aiortc rejects a malformed answer with ValueError
        reader.error("%s failed: %r" % (what, e))


async def run(args, readers):
    async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http:
        readers.extend(Reader(i, args, http) for i in range(args.n))
        await asyncio.gather(*(bounded(r, r.open(), args.setup_timeout, "setup") for r in readers))
        await asyncio.sleep(args.seconds)
        for r in readers:
            r.end_of_run()
        await asyncio.gather(*(bounded(r, r.close(), TEARDOWN_TIMEOUT, "teardown") for r in readers))


def parse_args(argv):
    p = argparse.ArgumentParser(description="N aiortc WHEP readers; prints one JSON object.")
    p.add_argument("url", help="the WHEP endpoint, e.g. http://127.0.0.1:8889/live/whep")
    p.add_argument("n", type=int, help="number of readers (peer connections) in this process")
    p.add_argument("seconds", type=float, help="how long to receive after the offers were posted")
    p.add_argument("--decode", action="store_true", help="decode and count decoded frames (costs ~2.5x CPU)")
    p.add_argument("--ice-ip", default="127.0.0.1", help="the only host candidate address offered")
    p.add_argument("--srtp-profile", default="SRTP_AES128_CM_SHA1_80",
                   help="colon-separated OpenSSL SRTP profiles to offer, in order of preference: "
                        + ", ".join(SRTP_PROFILES))
    p.add_argument("--trickle", action="store_true",
                   help="POST the offer without candidates and send them with a PATCH (RFC 8840)")
    p.add_argument("--setup-timeout", type=float, default=15, help="bound on offer + POST + answer, seconds")
    args = p.parse_args(argv)
    profiles = args.srtp_profile.split(":")
    unknown = [x for x in profiles if x not in SRTP_PROFILES]
    if args.n < 1 or args.seconds <= 0 or unknown:
        p.error("N and SECONDS must be positive; unknown SRTP profiles: %s" % unknown)
    if not 0 < args.setup_timeout <= WATCHDOG_MARGIN - TEARDOWN_TIMEOUT - 2:
        p.error("--setup-timeout must be in (0, %d] so the run ends within SECONDS + %d s"
                % (WATCHDOG_MARGIN - TEARDOWN_TIMEOUT - 2, WATCHDOG_MARGIN))
    args.srtp_profiles = profiles
    return args


def main(argv):
    args = parse_args(argv)
    readers, errors = [], []

    def watchdog(signum, frame):
        errors.append("watchdog: run exceeded %d s" % (args.seconds + WATCHDOG_MARGIN))
        print(json.dumps(result(args, readers, errors)), flush=True)
        os._exit(3)

    signal.signal(signal.SIGALRM, watchdog)
    signal.alarm(int(args.seconds + WATCHDOG_MARGIN))
    restrict_ice_to(args.ice_ip)
    offer_srtp_profiles(args.srtp_profiles)
    if args.decode:
        rtpreceiver.decoder_worker = codec_recording(rtpreceiver.decoder_worker)
    else:
        rtpreceiver.decoder_worker = counting_worker
    status = 0
    try:
        asyncio.run(run(args, readers))
    except Exception:
        errors.append("unexpected: " + traceback.format_exc())
        status = 1
    signal.alarm(0)
    print(json.dumps(result(args, readers, errors)), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
