#!/usr/bin/env bash
# Runs inside a fresh network namespace (unshare -n): ice4j offers no loopback address as an
# ICE-TCP candidate, so the namespace gets a veth pair with 10.77.0.1 on one end, an address
# that exists nowhere else (this kernel has no dummy interfaces). Starts Strom with its ICE port on that address for UDP and TCP, publishes H264+Opus over
# RTSP/TCP, and reads the path with a GStreamer (libnice) WHEP reader limited to ICE-TCP.
# Prints "reader <json>" and "tcp_established <n>" (connections to the ICE-TCP port in the middle
# of the read). Every process it starts is stopped on exit.
# With IMPLEMENTATION lite, the ICE-lite factory (io.strom.ice.lite) serves on port 8190 instead
# of ice4j on 8189.
# Usage: ice-tcp-in-netns.sh STROM_JAR WORK_DIR SECONDS READER_SCRIPT [ice4j|lite]
set -euo pipefail
JAR=$1; W=$2; SECONDS_TO_READ=$3; READER=$4; IMPLEMENTATION=${5:-ice4j}
ICE=10.77.0.1
PORT=8189
ip link set lo up
ip link add strom0 type veth peer name strom1
ip addr add $ICE/24 dev strom0
ip link set strom0 up
ip link set strom1 up
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true' EXIT
cat > "$W/strom.yml" <<YML
consoleAddress: 127.0.0.1:9995
rtspAddress: 127.0.0.1:8554
webrtcAddress: 127.0.0.1:8889
webrtcLocalUDPAddress: $ICE:8189
webrtcLocalTCPAddress: $ICE:8189
webrtcIPsFromInterfaces: no
webrtcAdditionalHosts: [$ICE]
YML
if [ "$IMPLEMENTATION" = lite ]; then
  PORT=8190
  mkdir -p "$W/data/deploy"
  # FileInstall's typed format: the ranking must be an Integer to outrank ice4j
  printf 'service.ranking=I"10"\nwebrtcLocalUDPAddress="%s:%s"\nwebrtcLocalTCPAddress="%s:%s"\n' $ICE $PORT $ICE $PORT \
    > "$W/data/deploy/io.strom.ice.lite.config"
fi
java -Dlaunch.storage.dir="$W/data/felix" -Dfelix.fileinstall.dir="$W/data/deploy" -Dstrom.config="$W/strom.yml" \
  -jar "$JAR" > "$W/server.log" 2>&1 &
for _ in $(seq 1 150); do (echo > /dev/tcp/127.0.0.1/8889) 2>/dev/null && break; sleep 0.2; done
ffmpeg -nostdin -hide_banner -loglevel warning -re -f lavfi -i testsrc2=size=320x240:rate=30 \
  -f lavfi -i sine=frequency=440:sample_rate=48000 \
  -c:v libx264 -preset ultrafast -tune zerolatency -pix_fmt yuv420p -g 30 -bf 0 -c:a libopus \
  -f rtsp -rtsp_transport tcp rtsp://127.0.0.1:8554/cam > "$W/publisher.log" 2>&1 &
sleep 3
/usr/bin/python3 "$READER" http://127.0.0.1:8889/cam/whep "$SECONDS_TO_READ" --tcp-only > "$W/reader.json" 2> "$W/reader.log" &
reader=$!
sleep "$(( SECONDS_TO_READ / 2 ))"
echo "tcp_established $(ss -tnH state established "( sport = :$PORT )" | wc -l)"
wait "$reader" || true
echo "reader $(cat "$W/reader.json")"
