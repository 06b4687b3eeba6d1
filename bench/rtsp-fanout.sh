#!/usr/bin/env bash
# RTSP fan-out: one ffmpeg publisher (720p30 H264 2 Mbit/s, 1 s GOP, Opus) and N ffmpeg readers
# over TCP, served by Strom and, in the same run, by GStreamer's RTSP server (the peer).
# Each server first serves 20 unmeasured readers for JIT s (the JVM's JIT compiles the hot path
# then; without it the first figure measures compilation). Server CPU is % of one core from
# /proc/PID/stat over MEASURE s after WARMUP s; RSS from
# /proc/PID/status; frames per reader from ffmpeg -progress. Loopback only; everything started
# is stopped on exit.
# Usage: bench/rtsp-fanout.sh [N...]   (default 10 50 100); CSV to bench/results/rtsp-fanout.csv
# STROM_JAVA_OPTS adds JVM options to Strom (e.g. a JFR recording); ONLY=strom skips the GStreamer run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=("${@:-10 50 100}"); NS=(${NS[*]})
WARMUP=${WARMUP:-12}; MEASURE=${MEASURE:-30}; READ=$((WARMUP + MEASURE + 8)); JIT=${JIT:-30}
WORK=$(mktemp -d /tmp/strom-rtsp-bench.XXXX); CSV=${CSV:-"$ROOT/bench/results/rtsp-fanout.csv"}
mkdir -p "$ROOT/bench/results"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

[ -f "$ROOT/runtime/target/strom.jar" ] || "$ROOT/strom" build
HZ=$(getconf CLK_TCK)
ticks() { local s=0 f; for p; do [ -r /proc/$p/stat ] && read -r -a f < /proc/$p/stat 2>/dev/null || continue; s=$((s + f[13] + f[14])); done; echo $s; }  # a reader that ended is left out
rss_mb() { awk '/VmRSS/{s+=$2} END{printf "%.0f", s/1024}' $(printf '/proc/%s/status ' "$@"); }
ENC=(-c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -pix_fmt yuv420p -g 30 -keyint_min 30
     -sc_threshold 0 -bf 0 -b:v 2M -maxrate 2M -bufsize 2M)
SRC=(-re -f lavfi -i testsrc2=size=1280x720:rate=30 -re -f lavfi -i sine=frequency=1000:sample_rate=48000)

# measure NAME URL N SERVER_PID...: N readers, CPU and RSS of the server, frames per reader
measure() {
  local name=$1 url=$2 n=$3; shift 3
  local dir="$WORK/$name-$n"; mkdir -p "$dir"; local readers=()
  for i in $(seq 1 "$n"); do
    ffmpeg -nostdin -hide_banner -loglevel error -rtsp_transport tcp -i "$url" -t "$READ" -map 0:v:0 -c copy \
      -f null - -progress "$dir/p$i" 2>"$dir/e$i" & readers+=($!); PIDS+=($!); sleep 0.05
  done
  sleep "$WARMUP"
  local a r0; a=$(ticks "$@"); r0=$(ticks "${readers[@]}"); sleep "$MEASURE"
  local cpu rcpu; cpu=$(echo "scale=1; ($(ticks "$@") - $a) * 100 / $HZ / $MEASURE" | bc)
  rcpu=$(echo "scale=1; ($(ticks "${readers[@]}") - $r0) * 100 / $HZ / $MEASURE" | bc)
  local rss; rss=$(rss_mb "$@")
  wait "${readers[@]}" 2>/dev/null || true
  local frames; frames=$(for i in $(seq 1 "$n"); do grep '^frame=' "$dir/p$i" | tail -1 | cut -d= -f2; done | sort -n)
  local min max got; min=$(echo "$frames" | head -1); max=$(echo "$frames" | tail -1); got=$(echo "$frames" | grep -c . || true)
  echo "$name,$n,$cpu,$(echo "scale=2; $cpu / $n" | bc),$rss,$rcpu,$got,${min:-0},${max:-0},$((READ * 30))" | tee -a "$CSV"
}

# warm URL: 20 readers for JIT seconds, not measured
warm() {
  local w=()
  for i in $(seq 1 20); do
    ffmpeg -nostdin -loglevel quiet -rtsp_transport tcp -i "$1" -t "$JIT" -map 0:v:0 -c copy -f null - & w+=($!); PIDS+=($!)
  done
  wait "${w[@]}" 2>/dev/null || true
}

echo "server,readers,cpu_pct,cpu_pct_per_reader,rss_mb,readers_cpu_pct,readers_reporting,frames_min,frames_max,frames_expected" | tee "$CSV"

# Strom
cat > "$WORK/strom.yml" <<YML
api: yes
apiAddress: 127.0.0.1:19997
consoleAddress: 127.0.0.1:19995
rtspAddress: 127.0.0.1:18554
rtpAddress: 127.0.0.1:18000
rtcpAddress: 127.0.0.1:18001
YML
java -Xmx1g ${STROM_JAVA_OPTS:-} -Dlaunch.storage.dir="$WORK/data/felix" -Dfelix.fileinstall.dir="$WORK/data/deploy" \
  -Dstrom.config="$WORK/strom.yml" -jar "$ROOT/runtime/target/strom.jar" > "$WORK/strom.log" 2>&1 & STROM=$!; PIDS+=($STROM)
sleep 8
ffmpeg -nostdin -hide_banner -loglevel error "${SRC[@]}" "${ENC[@]}" -c:a libopus -b:a 64k \
  -f rtsp -rtsp_transport tcp rtsp://127.0.0.1:18554/live > "$WORK/pub-strom.log" 2>&1 & PIDS+=($!)
sleep 4
warm rtsp://127.0.0.1:18554/live
for n in "${NS[@]}"; do measure strom rtsp://127.0.0.1:18554/live "$n" "$STROM"; done
kill "$STROM"
[ "${ONLY:-}" = strom ] && { echo "work dir: $WORK"; exit 0; }

# GStreamer RTSP server, fed by RTP from the same kind of source
/usr/bin/python3 "$ROOT/bench/peers/gst_rtsp_server.py" 28554 25104 25106 > "$WORK/gst.log" 2>&1 & GST=$!; PIDS+=($GST)
ffmpeg -nostdin -hide_banner -loglevel error "${SRC[@]}" "${ENC[@]}" -an -map 0:v -f rtp -payload_type 96 rtp://127.0.0.1:25104 \
  -c:a libopus -b:a 64k -map 1:a -f rtp -payload_type 111 rtp://127.0.0.1:25106 > "$WORK/pub-gst.log" 2>&1 & PIDS+=($!)
sleep 4
warm rtsp://127.0.0.1:28554/live
for n in "${NS[@]}"; do measure gst-rtsp-server rtsp://127.0.0.1:28554/live "$n" "$GST"; done
echo "work dir: $WORK"
