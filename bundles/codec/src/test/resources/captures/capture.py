#!/usr/bin/env python3
"""Records the RTP packets ffmpeg sends for one encoder into a capture file for codec tests,
and the SDP ffmpeg writes for them next to it (OUT.sdp).

Each packet is stored as a 2-byte big-endian length and the packet. ffmpeg sends to
127.0.0.1 only. Usage: capture.py OUT.rtp SECONDS ffmpeg-input-and-codec-args...
Example: capture.py h264.rtp 2 -f lavfi -i testsrc2=size=320x240:rate=30 -c:v libx264 -g 30
"""
import socket
import struct
import subprocess
import sys

out, seconds, args = sys.argv[1], sys.argv[2], sys.argv[3:]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('127.0.0.1', 0))
sock.settimeout(2.0)
port = sock.getsockname()[1]
cmd = ['ffmpeg', '-nostdin', '-loglevel', 'error', '-re'] + args + ['-t', seconds, '-sdp_file', out[:-4] + '.sdp', '-f', 'rtp',
       f'rtp://127.0.0.1:{port}?rtcpport={port + 1}&pkt_size=1200']
ffmpeg = subprocess.Popen(cmd)
with open(out, 'wb') as f:
    while True:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            break
        if len(data) >= 2 and 200 <= data[1] <= 204:
            continue  # RTCP on the same socket
        f.write(struct.pack('>H', len(data)) + data)
ffmpeg.wait(timeout=30)
