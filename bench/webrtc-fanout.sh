#!/usr/bin/env bash
# WebRTC fan-out: one ffmpeg publisher (720p30 H264 2 Mbit/s, 1 s GOP, Opus 64 kbit/s) and N aiortc
# readers (no decoding), served by Strom over WHEP and, in the same run, by Janus 1.1.2's
# streaming plugin (the peer). Strom gets the stream over RTSP/TCP, Janus as plain RTP/UDP.
# Readers run as processes of at most PEERS_PER_PROC peers (aiortc is GIL-bound: one process
# falls behind above ~35 peers); bench/webrtc/fanout_readers.py runs the project's reader
# (integration-tests/.../whep_readers.py), for Janus with Janus's REST API instead of WHEP.
# Everything runs in a private network namespace holding only lo and an ifb device (bench0,
# 127.0.0.2), so the WebRTC stacks gather loopback addresses only: Strom and its readers use
# 127.0.0.1; Janus and its readers use 127.0.0.2 (libnice skips the loopback interface). The
# namespace has no holder process: it ends with the script's last process.
# Each server first serves WARM_PEERS unmeasured readers for JIT s (the JVM's JIT compiles the
# hot path then; Janus gets the same). Server CPU is % of one core from /proc/PID/stat over
# MEASURE s after WARMUP s, as are the readers' (they share the 2 cores); RSS from
# /proc/PID/status; Strom's heap is the used heap after a full GC (jcmd GC.run, GC.heap_info) with
# the readers still connected; frames and RTP packets per reader come from the readers' JSON.
# CPU per packet is the server's CPU time in the window over the packets delivered in it (the
# readers' packet counts over their SECONDS, scaled to MEASURE). The CSV also has the machine's
# CPU used by other processes in the window (the machine is shared). Runs with frames < 95 % of
# the expected (READ s x 30 fps) are flagged client-bound. Everything started is stopped on exit
# and every wait is bounded.
# Usage: bench/webrtc-fanout.sh [N...]   (default NS="10 25 50"); CSV to bench/results/webrtc-fanout.csv
# Env: WARMUP, MEASURE, JIT, WARM_PEERS, PEERS_PER_PROC, CSV; STROM_JAVA_OPTS adds JVM options;
# ONLY=strom or ONLY=janus runs one server. Janus is installed with apt-get when missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNTS=(${*:-${NS:-10 25 50}})   # not NS itself: an exported NS would not survive becoming an array
WARMUP=${WARMUP:-12}; MEASURE=${MEASURE:-30}; READ=$((WARMUP + MEASURE + 8)); JIT=${JIT:-30}
WARM_PEERS=${WARM_PEERS:-10}; PEERS_PER_PROC=${PEERS_PER_PROC:-25}
CSV=${CSV:-"$ROOT/bench/results/webrtc-fanout.csv"}
ONLY=${ONLY:-}
case "$ONLY" in ""|strom|janus) ;; *) echo "ONLY must be strom or janus" >&2; exit 2;; esac
READERS_PY="$ROOT/bench/webrtc/fanout_readers.py"
JANUS_LIB=/usr/lib/x86_64-linux-gnu/janus
. "$ROOT/bench/lib/fanout.sh"

# Outside the namespace (it has no route out): install Janus, build Strom, then re-run this script
# in a new network namespace. No --fork: unshare enters the namespace and execs the script in this
# same process, so a signal to the PID the caller started reaches the script's trap (a forking
# unshare would ignore SIGTERM and leave the run going).
if [ -z "${STROM_WEBRTC_BENCH_NETNS:-}" ]; then
  [ "$ONLY" = strom ] || ensure_packages janus
  [ "$ONLY" = janus ] || [ -f "$ROOT/runtime/target/strom.jar" ] || "$ROOT/strom" build
  /usr/bin/python3 -c 'import aiortc, aiohttp' 2>/dev/null \
    || { echo "Debian's python3-aiortc and python3-aiohttp are needed (./strom test installs them)" >&2; exit 1; }
  mkdir -p "$(dirname "$CSV")"
  export STROM_WEBRTC_BENCH_NETNS=1
  exec unshare --net "$0" "$@"
fi

WORK=$(mktemp -d /tmp/strom-webrtc-bench.XXXX)

ip link set lo up
ip link add bench0 type ifb && ip link set bench0 up && ip addr add 127.0.0.2/32 dev bench0 \
  || { echo "cannot create the ifb device bench0 (Janus needs a non-loopback interface)" >&2; exit 1; }

# busy: the whole machine's busy ticks (all CPUs; /proc/stat is not per namespace), for others' share
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
pct() { echo "scale=1; $1 * 100 / $HZ / $MEASURE" | bc; }
OPUS=(-c:a libopus -b:a 64k -ac 2 -ar 48000)

# readers DIR MODE URL N SECS [reader options]: N peers in processes of at most PEERS_PER_PROC,
# each writing DIR/rK.json; their PIDs in RPIDS
readers() {
  local dir=$1 mode=$2 url=$3 n=$4 secs=$5; shift 5
  local procs=$(( (n + PEERS_PER_PROC - 1) / PEERS_PER_PROC )) k share
  mkdir -p "$dir"; RPIDS=()
  for k in $(seq 1 $procs); do
    share=$(( n / procs + (k <= n % procs ? 1 : 0) ))   # even split: 50 -> 25 + 25, 30 -> 15 + 15
    /usr/bin/python3 "$READERS_PY" "$mode" "$url" "$share" "$secs" "$@" > "$dir/r$k.json" 2> "$dir/r$k.err" &
    RPIDS+=($!); PIDS+=($!)
  done
}

# summary DIR: "connected,frames_min,frames_median,frames_max,video_packets,audio_packets,errors,reporting,connect_ms_median"
summary() {
  /usr/bin/python3 - "$1" <<'PY'
import glob, json, statistics, sys
frames, connect_ms, vp, ap, connected, errors, reporting = [], [], 0, 0, 0, [], 0
for path in sorted(glob.glob(sys.argv[1] + "/r*.json")):
    try:
        out = json.load(open(path))
    except ValueError:
        errors.append("%s: no JSON (see its .err)" % path); continue
    reporting += out["readers"]; connected += out["connected"]
    frames += out["video_frames"]; vp += sum(out["video_packets"]); ap += sum(out["audio_packets"])
    errors += out["errors"]
    connect_ms += [p["connect_ms"] for p in out["peers"] if p["connect_ms"] is not None]
with open(sys.argv[1] + "/errors.txt", "w") as f:
    f.write("\n".join(errors) + "\n")
med = statistics.median(frames) if frames else 0
print("%d,%d,%d,%d,%d,%d,%d,%d,%d" % (connected, min(frames, default=0), med, max(frames, default=0), vp, ap, len(errors),
                                     reporting, statistics.median(connect_ms) if connect_ms else -1))
PY
}

# heap_mb PID: used heap after a full GC (G1's "garbage-first heap total ..K, used ..K")
heap_mb() {
  timeout -k 2 30 jcmd "$1" GC.run > /dev/null 2>&1 || { echo -; return; }
  timeout -k 2 30 jcmd "$1" GC.heap_info 2>/dev/null | grep -o -m1 'used [0-9]*K' | awk '{printf "%.0f", $2 / 1024}' || echo -
}

# measure NAME MODE URL N SERVER_PID [reader options]: N readers; CPU, RSS and heap of the server;
# the readers' CPU and everyone else's on the machine; frames, packets and connect time per reader
measure() {
  local name=$1 mode=$2 url=$3 n=$4 server=$5; shift 5
  local dir="$WORK/$name-$n"
  readers "$dir" "$mode" "$url" "$n" "$READ" "$@"
  pause "$WARMUP"
  local a r0 p0 m0; a=$(ticks "$server"); r0=$(ticks "${RPIDS[@]}"); p0=$(ticks "$PUB"); m0=$(busy); pause "$MEASURE"
  local dt rdt pdt mdt; dt=$(( $(ticks "$server") - a )); rdt=$(( $(ticks "${RPIDS[@]}") - r0 ))
  pdt=$(( $(ticks "$PUB") - p0 )); mdt=$(( $(busy) - m0 ))
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local rss heap=-; rss=$(rss_mb "$server")
  [ "$name" = strom ] && heap=$(heap_mb "$server")
  wait_for $((READ + 45)) "${RPIDS[@]}"
  local connected fmin fmed fmax vp ap errs reporting connect
  IFS=, read -r connected fmin fmed fmax vp ap errs reporting connect <<< "$(summary "$dir")"
  local expected=$((READ * 30)) pkts=$((vp + ap))
  local rate; rate=$(echo "scale=1; $pkts / $READ" | bc)
  local us=-; [ "$pkts" -gt 0 ] && us=$(echo "scale=1; $dt * 1000000 / $HZ / ($rate * $MEASURE)" | bc)
  local bound=no; [ $((fmin * 100)) -lt $((expected * 95)) ] && bound=yes
  alive "$PUB" || echo "$name: the publisher has ended (see $WORK/pub-$name.log)" >&2
  [ "$errs" = 0 ] || echo "$name, $n readers: $errs reader errors (see $dir/errors.txt)" >&2
  [ "$reporting" = "$n" ] || echo "$name, $n readers: only $reporting reported (see $dir/*.err)" >&2
  local cpu; cpu=$(pct "$dt")
  echo "$name,$n,${#RPIDS[@]},$cpu,$(echo "scale=2; $cpu / $n" | bc),$rss,$heap,$(pct "$rdt"),$(pct "$pdt"),$(pct $((mdt - dt - rdt - pdt))),$load,$connected,$connect,$fmin,$fmed,$fmax,$expected,$vp,$ap,$rate,$us,$errs,$bound" \
    | tee -a "$CSV"
}

# warm NAME MODE URL [reader options]: WARM_PEERS readers for JIT s, not measured; fails when none got a frame
warm() {
  local name=$1 mode=$2 url=$3; shift 3
  readers "$WORK/$name-warm" "$mode" "$url" "$WARM_PEERS" "$JIT" "$@"
  wait_for $((JIT + 45)) "${RPIDS[@]}"
  local s; s=$(summary "$WORK/$name-warm")
  local connected fmin fmed fmax; IFS=, read -r connected fmin fmed fmax _ <<< "$s"
  echo "$name warm-up: $connected of $WARM_PEERS connected, frames $fmin-$fmax" >&2
  [ "$fmax" -gt 0 ] || { echo "$name: no reader got a frame (see $WORK/$name-warm/)" >&2; return 1; }
}

echo "server,readers,reader_procs,cpu_pct,cpu_pct_per_reader,rss_mb,heap_used_mb,readers_cpu_pct,publisher_cpu_pct,others_cpu_pct,loadavg,connected,connect_ms_median,frames_min,frames_median,frames_max,frames_expected,video_packets,audio_packets,packets_per_s,us_per_packet,reader_errors,client_bound" \
  | tee "$CSV"
FAILED=0

# Strom: WHEP on 127.0.0.1:18889, ICE on one UDP port, host candidate 127.0.0.1 only
if [ "$ONLY" != janus ]; then
  { webrtc_strom_yml; printf 'webrtcIPsFromInterfaces: no\nwebrtcAdditionalHosts: [127.0.0.1]\n'; } > "$WORK/strom.yml"
  java -Xmx1g ${STROM_JAVA_OPTS:-} -Dlaunch.storage.dir="$WORK/data/felix" -Dfelix.fileinstall.dir="$WORK/data/deploy" \
    -Dstrom.data="$WORK/data" -Dstrom.config="$WORK/strom.yml" -jar "$ROOT/runtime/target/strom.jar" > "$WORK/strom.log" 2>&1 &
  STROM=$!; PIDS+=($STROM)
  URL=http://127.0.0.1:18889/live/whep
  if ! listening 18889 60 $STROM || ! listening 18554 10 $STROM; then
    echo "strom: no WHEP or RTSP listener (see $WORK/strom.log); Strom skipped" >&2; FAILED=1
  else
    ffmpeg -nostdin -hide_banner -loglevel error "${SRC[@]}" "${ENC[@]}" "${OPUS[@]}" \
      -f rtsp -rtsp_transport tcp rtsp://127.0.0.1:18554/live > "$WORK/pub-strom.log" 2>&1 &
    PUB=$!; PIDS+=($PUB); pause 4
    if ! alive "$PUB" || ! warm strom whep "$URL"; then
      echo "strom: publishing or reading failed (see $WORK/pub-strom.log, $WORK/strom.log); Strom skipped" >&2; FAILED=1
    else
      for n in "${COUNTS[@]}"; do measure strom whep "$URL" "$n" "$STROM"; done
    fi
    kill "$PUB" 2>/dev/null || true; wait_for 10 "$PUB"
  fi
  kill "$STROM" 2>/dev/null || true; wait_for 20 "$STROM"
fi
[ "$ONLY" = strom ] && { echo "work dir: $WORK"; exit $FAILED; }

# Janus: REST on 127.0.0.2:18088, mountpoint 1 fed by RTP on 127.0.0.1:15104 (H264) and :15106 (Opus)
JW="$WORK/janus"; mkdir -p "$JW"
for f in janus.jcfg janus.transport.http.jcfg janus.plugin.streaming.jcfg; do
  sed -e "s|@WORK@|$JW|g; s|@LIB@|$JANUS_LIB|; s|@HTTP_PORT@|18088|; s|@RTPV@|15104|; s|@RTPA@|15106|g" \
    "$ROOT/bench/webrtc/janus/$f" > "$JW/$f"
done
janus -C "$JW/janus.jcfg" -F "$JW" > "$JW/janus.log" 2>&1 & JANUS=$!; PIDS+=($JANUS)
listening 18088 30 $JANUS || { echo "janus: nothing listens on 127.0.0.2:18088 (see $JW/janus.log)" >&2; exit 1; }
ffmpeg -nostdin -hide_banner -loglevel error "${SRC[@]}" "${ENC[@]}" -an -map 0:v -f rtp -payload_type 96 -ssrc 1111 \
  rtp://127.0.0.1:15104 "${OPUS[@]}" -map 1:a -f rtp -payload_type 111 -ssrc 2222 rtp://127.0.0.1:15106 > "$WORK/pub-janus.log" 2>&1 &
PUB=$!; PIDS+=($PUB); pause 4
JOPTS=(--ice-ip 127.0.0.2 --mountpoint 1)
alive "$PUB" && warm janus janus http://127.0.0.2:18088/janus "${JOPTS[@]}" \
  || { echo "janus: publishing or reading failed (see $WORK/pub-janus.log, $JW/janus.log)" >&2; exit 1; }
for n in "${COUNTS[@]}"; do measure janus janus http://127.0.0.2:18088/janus "$n" "$JANUS" "${JOPTS[@]}"; done
echo "work dir: $WORK"
exit $FAILED
