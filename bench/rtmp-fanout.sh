#!/usr/bin/env bash
# RTMP fan-out: one ffmpeg publisher (720p30 H264 2 Mbit/s, 1 s GOP, AAC 128 kbit/s) and N ffmpeg
# RTMP readers, served by Strom and, in the same run, by nginx with libnginx-mod-rtmp (the peer).
# Each server first serves JIT_READERS (100) unmeasured readers for JIT s (150 by default: under this light load
# the JVM's C2 compiler is still busy two minutes after start, and with 30 s the first figure
# measured compilation: 5.5 % against 3.4 % at 10 readers, bench/RESULTS.md). Server CPU is % of one core from
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
WARMUP=${WARMUP:-12}; MEASURE=${MEASURE:-30}; READ=$((WARMUP + MEASURE + 8)); JIT=${JIT:-150}
WORK=$(mktemp -d /tmp/strom-rtmp-bench.XXXX); CSV=${CSV:-"$ROOT/bench/results/rtmp-fanout.csv"}
ONLY=${ONLY:-}
case "$ONLY" in ""|strom|nginx) ;; *) echo "ONLY must be strom or nginx" >&2; exit 2;; esac
STROM_PORT=${STROM_PORT:-19350}; NGINX_PORT=${NGINX_PORT:-29350}
mkdir -p "$ROOT/bench/results"
. "$ROOT/bench/lib/fanout.sh"
. "$ROOT/bench/lib/ffmpeg-readers.sh"

prepare "$ONLY" "$ROOT/runtime/target/strom.jar"
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
