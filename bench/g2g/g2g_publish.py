#!/usr/bin/env python3
"""Glass-to-glass publisher: raw frames made in real time, each carrying its wall-clock
capture time as blocks a player can read back, encoded and published by ffmpeg.

Every frame is yuv420p, SIZE (default 640x360), at FPS (default 30). Its top band holds two
rows of 20 square blocks, black (bit 0) or white (bit 1), left to right: 32 bits of the
capture time in ms since the Unix epoch modulo 2^32, most significant first, then 8 bits of
CRC-8 (polynomial 0x07) over those four bytes. A reader takes the mean luma of each block's
middle, calls a block unreadable unless it is clearly dark or clearly light, and drops a
frame whose CRC does not match, so a misread is counted, not measured. Below the band a bar
moves, so the encoder sees motion. Frame i is made at start + i / FPS (monotonic clock) and
stamped with time.time() just before it is written to ffmpeg's stdin: time spent waiting
for ffmpeg (encoding, the network) counts as latency, as it would for a camera.

ffmpeg encodes H264 (libx264 -tune zerolatency, 1 s GOP, no B-frames) plus a sine tone as
AUDIO (aac, or mp3) and publishes with -f FORMAT (flv for rtmp://, default) to URL. The tone
is not paced (no -re): ffmpeg makes it as fast as the video's timestamps let the muxer take it,
so the frames set the pace. Pacing it with -re would start its clock when ffmpeg has started,
later than the frames' clock, and the muxer would hold every frame back by the difference.

Usage: g2g_publish.py URL [--seconds S] [--size WxH] [--fps N] [--audio aac|mp3] [--bitrate 1M]
Runs until S seconds have passed (0: until SIGTERM/SIGINT), then closes ffmpeg's input and
waits at most 10 s for it. Exit status: ffmpeg's, or 2 on bad arguments. Standard library only.
"""
import argparse
import signal
import subprocess
import sys
import time

BLOCKS_PER_ROW = 20
DARK, LIGHT, GREY = 16, 235, 96  # limited-range luma


def crc8(data):
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def code_bits(ms):
    """The 40 bits drawn for a capture time: 32 of ms mod 2^32, then the CRC-8 of those 4 bytes."""
    value = ms % (1 << 32)
    payload = value.to_bytes(4, "big")
    word = (value << 8) | crc8(payload)
    return [(word >> (39 - i)) & 1 for i in range(40)]


class Frames:
    """Builds frames from precomputed rows: only the code band and the bar row change."""

    def __init__(self, width, height):
        if width % (2 * BLOCKS_PER_ROW) or height % 2:
            raise ValueError("--size: width must be a multiple of %d and height even" % (2 * BLOCKS_PER_ROW))
        self.width, self.height = width, height
        self.block = width // BLOCKS_PER_ROW
        if 2 * self.block + 8 > height:
            raise ValueError("--size: too flat for the code band")
        self.cells = [bytes([DARK]) * self.block, bytes([LIGHT]) * self.block]
        self.chroma = bytes([128]) * (width * height // 2)
        self.bar = max(8, width // 40)

    def make(self, index, ms):
        bits = code_bits(ms)
        w, b = self.width, self.block
        out = bytearray()
        for row in range(2):
            line = b"".join(self.cells[bit] for bit in bits[row * BLOCKS_PER_ROW:(row + 1) * BLOCKS_PER_ROW])
            out += line * b
        x = (index * 4) % (w - self.bar)
        line = bytes([GREY]) * x + bytes([LIGHT]) * self.bar + bytes([GREY]) * (w - x - self.bar)
        out += line * (self.height - 2 * b)
        out += self.chroma
        return out


def main(argv):
    p = argparse.ArgumentParser(description="publish frames that carry their capture time")
    p.add_argument("url")
    p.add_argument("--seconds", type=float, default=0)
    p.add_argument("--size", default="640x360")
    p.add_argument("--fps", type=int, default=30)
    p.add_argument("--audio", choices=["aac", "mp3"], default="aac")
    p.add_argument("--bitrate", default="1M")
    p.add_argument("--format", default="flv")
    a = p.parse_args(argv)
    try:
        width, height = (int(v) for v in a.size.split("x"))
        frames = Frames(width, height)
    except ValueError as e:
        p.error(str(e) if "--size" in str(e) else "--size: expected WxH, got " + a.size)
    if not 1 <= a.fps <= 120:
        p.error("--fps: 1 to 120")
    audio = ["-c:a", "aac"] if a.audio == "aac" else ["-c:a", "libmp3lame", "-ar", "44100"]
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning",
           "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", a.size, "-framerate", str(a.fps),
           "-thread_queue_size", "128", "-i", "pipe:0",
           "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
           "-map", "0:v", "-map", "1:a",
           "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
           "-g", str(a.fps), "-keyint_min", str(a.fps), "-sc_threshold", "0", "-bf", "0",
           "-b:v", a.bitrate, "-maxrate", a.bitrate, "-bufsize", a.bitrate,
           *audio, "-b:a", "64k", "-f", a.format, a.url]
    ffmpeg = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    start = time.monotonic()
    index = 0
    try:
        while not stop and (a.seconds <= 0 or index < a.seconds * a.fps):
            delay = start + index / a.fps - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            frame = frames.make(index, int(time.time() * 1000))
            ffmpeg.stdin.write(frame)
            index += 1
    except (BrokenPipeError, OSError) as e:
        print("g2g_publish: ffmpeg stopped reading: %s" % e, file=sys.stderr)
    finally:
        try:
            ffmpeg.stdin.close()
        except OSError:
            pass
        try:
            return ffmpeg.wait(10)
        except subprocess.TimeoutExpired:
            ffmpeg.kill()
            return ffmpeg.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
