#!/usr/bin/env bash
# RTMP fan-out: one ffmpeg publisher (720p30 H264 2 Mbit/s, 1 s GOP, AAC 128 kbit/s) and N ffmpeg
# RTMP readers, served by Strom and, in the same run, by nginx with libnginx-mod-rtmp (the peer).
# Each server first serves 20 unmeasured readers for JIT s (the JVM's JIT compiles the hot path
# then; without it the first figure measures compilation). Server CPU is % of one core from
# /proc/PID/stat over MEASURE s after WARMUP s (for nginx: master and worker together); RSS from
# /proc/PID/status; frames per reader from ffmpeg -progress. Loopback only; everything started
# is stopped on exit, and every wait is bounded.
# Usage: bench/rtmp-fanout.sh [N...]   (default 10 50 100); CSV to bench/results/rtmp-fanout.csv
# STROM_PORT and NGINX_PORT (default 19350, 29350) are the RTMP ports; when a server's port is
# already taken (another session's server would get the traffic) that server is skipped.
# STROM_JAVA_OPTS adds JVM options to Strom (e.g. a JFR recording); ONLY=strom skips the nginx
# run, ONLY=nginx the Strom run. nginx and libnginx-mod-rtmp are installed with apt-get when missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=("${@:-10 50 100}"); NS=(${NS[*]})
WARMUP=${WARMUP:-12}; MEASURE=${MEASURE:-30}; READ=$((WARMUP + MEASURE + 8)); JIT=${JIT:-30}
WORK=$(mktemp -d /tmp/strom-rtmp-bench.XXXX); CSV=${CSV:-"$ROOT/bench/results/rtmp-fanout.csv"}
ONLY=${ONLY:-}
case "$ONLY" in ""|strom|nginx) ;; *) echo "ONLY must be strom or nginx" >&2; exit 2;; esac
STROM_PORT=${STROM_PORT:-19350}; NGINX_PORT=${NGINX_PORT:-29350}
mkdir -p "$ROOT/bench/results"
. "$ROOT/bench/lib/fanout.sh"

# taken PORT: some process already listens on 127.0.0.1:PORT (another server would get our traffic)
taken() { [ -n "$(ss -Hltn "sport = :$1")" ]; }
# streaming URL: the stream has H264 video and AAC audio (ffprobe, at most 20 s)
streaming() {
  local s; s=$(timeout -k 2 20 ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$1" 2>/dev/null | sort | tr '\n' ' ') || true
  [ "$s" = "aac h264 " ] || { echo "stream at $1 not readable (streams: '${s}')" >&2; return 1; }
}

if [ "$ONLY" != strom ]; then   # the peer: nginx with the RTMP module from Debian
  ensure_packages nginx libnginx-mod-rtmp
  NGX_MOD=$(dpkg -L libnginx-mod-rtmp | grep '/ngx_rtmp_module\.so$' | head -1)
  [ -n "$NGX_MOD" ] || { echo "ngx_rtmp_module.so not found in libnginx-mod-rtmp" >&2; exit 1; }
fi
[ "$ONLY" = nginx ] || [ -f "$ROOT/runtime/target/strom.jar" ] || "$ROOT/strom" build
AAC=(-c:a aac -b:a 128k -ac 2 -ar 48000)

# publish NAME URL: the publisher, in the background; its PID in PUB
publish() {
  ffmpeg -nostdin -hide_banner -loglevel error "${SRC[@]}" "${ENC[@]}" "${AAC[@]}" -f flv "$2" > "$WORK/pub-$1.log" 2>&1 &
  PUB=$!; PIDS+=($PUB)
}

# measure NAME URL N SERVER_PID...: N readers, CPU and RSS of the server, frames per reader
measure() {
  local name=$1 url=$2 n=$3; shift 3
  local dir="$WORK/$name-$n"; mkdir -p "$dir"; local readers=()
  for i in $(seq 1 "$n"); do
    ffmpeg -nostdin -hide_banner -loglevel error -rw_timeout 10000000 -i "$url" -t "$READ" -map 0:v:0 -c copy \
      -f null - -progress "$dir/p$i" 2>"$dir/e$i" & readers+=($!); PIDS+=($!); sleep 0.05
  done
  sleep "$WARMUP"
  local a r0; a=$(ticks "$@"); r0=$(ticks "${readers[@]}"); sleep "$MEASURE"
  local cpu rcpu; cpu=$(echo "scale=1; ($(ticks "$@") - $a) * 100 / $HZ / $MEASURE" | bc)
  rcpu=$(echo "scale=1; ($(ticks "${readers[@]}") - $r0) * 100 / $HZ / $MEASURE" | bc)
  local rss; rss=$(rss_mb "$@")
  wait_for $((READ + 30)) "${readers[@]}"
  local frames; frames=$(for i in $(seq 1 "$n"); do grep '^frame=' "$dir/p$i" 2>/dev/null | tail -1 | cut -d= -f2; done | sort -n)
  local min max got; min=$(echo "$frames" | head -1); max=$(echo "$frames" | tail -1); got=$(echo "$frames" | grep -c . || true)
  alive "$PUB" || echo "$name: the publisher has ended (see $WORK/pub-$name.log)" >&2
  echo "$name,$n,$cpu,$(echo "scale=2; $cpu / $n" | bc),$rss,$rcpu,$got,${min:-0},${max:-0},$((READ * 30))" | tee -a "$CSV"
}

# warm URL: 20 readers for JIT seconds, not measured
warm() {
  local w=()
  for i in $(seq 1 20); do
    ffmpeg -nostdin -loglevel quiet -rw_timeout 10000000 -i "$1" -t "$JIT" -map 0:v:0 -c copy -f null - & w+=($!); PIDS+=($!)
  done
  wait_for $((JIT + 30)) "${w[@]}"
}

echo "server,readers,cpu_pct,cpu_pct_per_reader,rss_mb,readers_cpu_pct,readers_reporting,frames_min,frames_max,frames_expected" | tee "$CSV"
FAILED=0

# Strom
TAKEN=(); for p in $STROM_PORT 19987 19985 18564; do if taken $p; then TAKEN+=($p); fi; done
if [ "$ONLY" != nginx ] && [ ${#TAKEN[@]} -gt 0 ]; then
  echo "strom: port(s) ${TAKEN[*]} already taken by $(ss -Hltnp | grep -E ":($(IFS='|'; echo "${TAKEN[*]}")) " | grep -o 'users:.*' | tr '\n' ' '); Strom skipped" >&2
  FAILED=1
elif [ "$ONLY" != nginx ]; then
  cat > "$WORK/strom.yml" <<YML
api: yes
apiAddress: 127.0.0.1:19987
consoleAddress: 127.0.0.1:19985
rtspAddress: 127.0.0.1:18564
rtpAddress: 127.0.0.1:18010
rtcpAddress: 127.0.0.1:18011
rtspTransports: [tcp]
rtmpAddress: 127.0.0.1:$STROM_PORT
YML
  java -Xmx1g ${STROM_JAVA_OPTS:-} -Dlaunch.storage.dir="$WORK/data/felix" -Dfelix.fileinstall.dir="$WORK/data/deploy" \
    -Dstrom.config="$WORK/strom.yml" -jar "$ROOT/runtime/target/strom.jar" > "$WORK/strom.log" 2>&1 & STROM=$!; PIDS+=($STROM)
  URL=rtmp://127.0.0.1:$STROM_PORT/live/test
  if ! listening $STROM_PORT 60 $STROM; then
    echo "strom: nothing listens for RTMP on 127.0.0.1:$STROM_PORT (see $WORK/strom.log); Strom skipped" >&2; FAILED=1
  else
    publish strom "$URL"; sleep 4
    if ! alive "$PUB" || ! streaming "$URL"; then
      echo "strom: publishing to $URL failed (see $WORK/pub-strom.log, $WORK/strom.log); Strom skipped" >&2; FAILED=1
    else
      warm "$URL"
      for n in "${NS[@]}"; do measure strom "$URL" "$n" "$STROM"; done
    fi
    kill "$PUB" 2>/dev/null || true; wait_for 10 "$PUB"
  fi
  kill "$STROM" 2>/dev/null || true; wait_for 20 "$STROM"
fi
[ "$ONLY" = strom ] && { echo "work dir: $WORK"; exit $FAILED; }

# nginx-rtmp: one worker (with more, nginx-rtmp needs rtmp_auto_push), in the foreground
NG="$WORK/nginx"; mkdir -p "$NG"
taken "$NGINX_PORT" && { echo "nginx: port $NGINX_PORT is already taken; set NGINX_PORT" >&2; exit 1; }
cat > "$NG/nginx.conf" <<CONF
load_module $NGX_MOD;
worker_processes 1;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 4096; }
rtmp { server { listen 127.0.0.1:$NGINX_PORT; chunk_size 4096;
  application live { live on; record off; } } }
CONF
NGINX=(nginx -p "$NG/" -e "$NG/error.log" -c "$NG/nginx.conf")
"${NGINX[@]}" -t -q
"${NGINX[@]}" -g 'daemon off;' > "$NG/stdout.log" 2>&1 & NGX=$!; PIDS+=($NGX)
URL=rtmp://127.0.0.1:$NGINX_PORT/live/test
if ! listening $NGINX_PORT 20 $NGX; then
  echo "nginx: nothing listens on 127.0.0.1:$NGINX_PORT (see $NG/error.log)" >&2; exit 1
fi
WORKERS=($(pgrep -P "$NGX" || true)); PIDS+=(${WORKERS[@]+"${WORKERS[@]}"})   # a worker left alone would outlive its master
[ ${#WORKERS[@]} -gt 0 ] || { echo "nginx: no worker process" >&2; exit 1; }
publish nginx-rtmp "$URL"; sleep 4
if ! alive "$PUB" || ! streaming "$URL"; then
  echo "nginx: publishing to $URL failed (see $WORK/pub-nginx-rtmp.log, $NG/error.log)" >&2; exit 1
fi
warm "$URL"
for n in "${NS[@]}"; do measure nginx-rtmp "$URL" "$n" "$NGX" "${WORKERS[@]}"; done
echo "work dir: $WORK"
exit $FAILED
