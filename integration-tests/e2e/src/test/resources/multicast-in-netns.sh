#!/usr/bin/env bash
# Runs inside a fresh network namespace (unshare -n) whose only interface is loopback, with
# multicast routed to it, so multicast never leaves the machine: starts Strom, publishes over
# RTSP/TCP, and reads the path with two ffmpeg readers over RTSP multicast. Prints
# "frames <reader> <count>" lines, what ffprobe read, and the group the server chose. Every process it
# starts is stopped on exit.
# Usage: multicast-in-netns.sh STROM_JAR WORK_DIR SECONDS
set -euo pipefail
JAR=$1; W=$2; SECONDS_TO_READ=$3
ip link set lo up
ip link set lo multicast on
ip route add 224.0.0.0/4 dev lo
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true' EXIT
cat > "$W/strom.yml" <<YML
consoleAddress: 127.0.0.1:9995
rtspAddress: 127.0.0.1:8554
rtspTransports: [multicast, tcp]
multicastIPRange: 224.1.0.0/16
YML
java -Dlaunch.storage.dir="$W/data/felix" -Dfelix.fileinstall.dir="$W/data/deploy" -Dstrom.config="$W/strom.yml" \
  -jar "$JAR" > "$W/server.log" 2>&1 &
for _ in $(seq 1 150); do (echo > /dev/tcp/127.0.0.1/8554) 2>/dev/null && break; sleep 0.2; done
ffmpeg -nostdin -hide_banner -loglevel warning -re -f lavfi -i testsrc2=size=320x240:rate=30 \
  -c:v libx264 -preset ultrafast -tune zerolatency -pix_fmt yuv420p -g 30 -bf 0 \
  -f rtsp -rtsp_transport tcp rtsp://127.0.0.1:8554/mc > "$W/publisher.log" 2>&1 &
sleep 3
readers=()
for i in 1 2; do
  ffmpeg -nostdin -hide_banner -loglevel error -rtsp_transport udp_multicast -i rtsp://127.0.0.1:8554/mc \
    -t "$SECONDS_TO_READ" -map 0:v:0 -c copy -f null - -progress "$W/reader$i.progress" > "$W/reader$i.log" 2>&1 &
  readers+=($!)
done
ffprobe -v error -rtsp_transport udp_multicast -show_entries stream=codec_name,width,height -of csv=p=0 \
  rtsp://127.0.0.1:8554/mc > "$W/ffprobe.out" 2> "$W/ffprobe.log" || true
echo "ffprobe $(head -1 "$W/ffprobe.out")"
grep -m1 -o 'multicast: path .*' "$W/server.log" | sed 's/^/server /' || echo "server none"
for pid in "${readers[@]}"; do wait "$pid" || true; done
for i in 1 2; do echo "frames reader$i $(grep '^frame=' "$W/reader$i.progress" | tail -1 | cut -d= -f2)"; done
