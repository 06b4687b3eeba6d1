#!/usr/bin/env bash
# HLS fan-out: one ffmpeg RTMP publisher (720p30 H264 2 Mbit/s, 1 s GOP, AAC 128 kbit/s) and N
# ffmpeg HLS readers, served by Strom in each of VARIANTS (default "lowLatency mpegts": fMP4
# segments and parts from memory, and MPEG-TS segments, nginx's format), a new Strom process per
# variant, and, in the same run, by nginx with libnginx-mod-rtmp writing 1 s MPEG-TS
# segments to disk and nginx's HTTP server serving them (the peer). Same method as
# bench/rtmp-fanout.sh: JIT s (150) of JIT_READERS (100) unmeasured readers first, server CPU as % of one core over
# MEASURE s after WARMUP s, RSS, frames per reader. Then, per server, the glass-to-glass latency
# with no other reader and the fan-out publisher stopped (bench/g2g): g2g_publish.py publishes
# 640x360 30 fps frames that carry their wall-clock capture time (H264 1 Mbit/s, 1 s GOP, AAC;
# smaller than the fan-out's 720p so that Chromium's software decoder keeps up on two shared
# cores and the figure is the server's, not the player's backlog), headless
# Chromium plays the stream with hls.js (Strom's /<path>/ page; for nginx bench/g2g/player.html
# with the same hls.js settings, served by the same nginx) for LATENCY s and reads the time back
# from every frame it shows; samples from the first SETTLE s of playback are left out.
# Loopback only; everything started is stopped on exit, every wait is bounded.
# Usage: bench/hls-fanout.sh [N...]   (default 10 50 100); CSV to bench/results/hls-fanout.csv and
# one latency line per server to bench/results/hls-latency.csv (the players' JSON stays in the
# work dir). ONLY=strom or ONLY=nginx runs one server; STROM_JAR runs another build of Strom
# than runtime/target/strom.jar.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=("${@:-10 50 100}"); NS=(${NS[*]})
# An HLS reader reads in bursts (up to 1.5x real time while it catches up with the live edge):
# it reads READ s of media, long enough that every reader still reads when the window closes.
WARMUP=${WARMUP:-12}; MEASURE=${MEASURE:-30}; READ=$((WARMUP + MEASURE + 40)); JIT=${JIT:-150}; LATENCY=${LATENCY:-30}
SETTLE=${SETTLE:-5}
STROM_JAR=${STROM_JAR:-"$ROOT/runtime/target/strom.jar"}
WORK=$(mktemp -d /tmp/strom-hls-bench.XXXX); CSV=${CSV:-"$ROOT/bench/results/hls-fanout.csv"}
LATENCY_CSV=${LATENCY_CSV:-"$ROOT/bench/results/hls-latency.csv"}
ONLY=${ONLY:-}
VARIANTS=(${VARIANTS:-lowLatency mpegts})
for v in "${VARIANTS[@]}"; do
  case "$v" in lowLatency|fmp4|mpegts) ;; *) echo "VARIANTS: '$v' is not lowLatency, fmp4 or mpegts" >&2; exit 2;; esac
done
case "$ONLY" in ""|strom|nginx) ;; *) echo "ONLY must be strom or nginx" >&2; exit 2;; esac
RTMP_PORT=${RTMP_PORT:-19360}; HLS_PORT=${HLS_PORT:-18888}; NGINX_RTMP=${NGINX_RTMP:-29360}; NGINX_HTTP=${NGINX_HTTP:-28888}
mkdir -p "$ROOT/bench/results"
. "$ROOT/bench/lib/fanout.sh"
. "$ROOT/bench/lib/ffmpeg-readers.sh"
HLS_JS="$ROOT/bundles/hls/node_modules/hls.js/dist/hls.min.js"
[ -f "$HLS_JS" ] || { echo "no $HLS_JS: run npm ci in bundles/hls (./strom build does)" >&2; exit 1; }
[ -d "$ROOT/integration-tests/node_modules/playwright-core" ] \
  || { echo "no playwright-core in integration-tests/node_modules: ./strom test installs it" >&2; exit 1; }
echo "server,samples,latency_median_ms,latency_p90_ms,latency_min_ms,latency_max_ms,frames_shown,decode_failures,first_frame_ms" > "$LATENCY_CSV"

# g2g NAME RTMP_URL PAGE_URL: glass-to-glass latency of one server (bench/g2g), one line to LATENCY_CSV
g2g() {
  local name=$1 out="$WORK/g2g-$1.json"
  python3 "$ROOT/bench/g2g/g2g_publish.py" "$2" --size 640x360 --bitrate 1M > "$WORK/pub-g2g-$name.log" 2>&1 &
  local pub=$!; PIDS+=($pub); sleep 4
  NODE_PATH="$ROOT/integration-tests/node_modules" timeout $((LATENCY + 60)) node "$ROOT/bench/g2g/g2g_play.js" \
    "$3" "$LATENCY" "$SETTLE" > "$out" 2> "$WORK/g2g-$name.log" || echo "$name: g2g player failed (see $out, $WORK/g2g-$name.log)" >&2
  kill "$pub" 2>/dev/null || true; wait_for 15 "$pub"
  python3 - "$name" "$out" "$LATENCY_CSV" <<'PY'
import json, sys
name, path, csv = sys.argv[1:4]
try:
    r = json.load(open(path))
except (OSError, ValueError):
    r = {}
cols = [r.get(k) for k in ("samples", "median_ms", "p90_ms", "min_ms", "max_ms", "frames", "decode_failures", "first_frame_ms")]
line = ",".join([name] + ["" if c is None else str(c) for c in cols])
open(csv, "a").write(line + "\n")
print(line + ("" if not r.get("errors") else "  errors: %s" % r["errors"]))
PY
}

prepare "$ONLY" "$STROM_JAR"
FAILED=0

if [ "$ONLY" != nginx ]; then
  for p in $RTMP_PORT $HLS_PORT 19985 18564 18889; do
    taken $p && { echo "strom: port $p is already taken; Strom skipped" >&2; FAILED=1; }
  done
fi
# strom VARIANT: one Strom process serving hlsVariant VARIANT: fan-out, then glass-to-glass latency
strom() {
  local variant=$1 label
  case "$variant" in lowLatency) label=strom-ll-hls;; *) label=strom-$variant-hls;; esac
  rm -rf "$WORK/data"
  cat > "$WORK/strom.yml" <<YML
consoleAddress: 127.0.0.1:19985
rtspAddress: 127.0.0.1:18564
rtpAddress: 127.0.0.1:18012
rtcpAddress: 127.0.0.1:18013
rtspTransports: [tcp]
rtmpAddress: 127.0.0.1:$RTMP_PORT
hlsAddress: 127.0.0.1:$HLS_PORT
hlsVariant: $variant
webrtcAddress: 127.0.0.1:18889
webrtcLocalUDPAddress: 127.0.0.1:18189
YML
  java -Xmx1g ${STROM_JAVA_OPTS:-} -Dlaunch.storage.dir="$WORK/data/felix" -Dfelix.fileinstall.dir="$WORK/data/deploy" \
    -Dstrom.config="$WORK/strom.yml" -jar "$STROM_JAR" > "$WORK/strom-$variant.log" 2>&1 & STROM=$!; PIDS+=($STROM)
  URL=http://127.0.0.1:$HLS_PORT/live/test/index.m3u8
  if ! listening $HLS_PORT 60 $STROM || ! listening $RTMP_PORT 30 $STROM; then
    echo "$label: nothing listens for HLS or RTMP on 127.0.0.1:$HLS_PORT/$RTMP_PORT (see $WORK/strom-$variant.log); skipped" >&2; FAILED=1
  else
    publish "$label" "rtmp://127.0.0.1:$RTMP_PORT/live/test"; sleep 4
    if ! alive "$PUB" || ! streaming "$URL"; then
      echo "$label: reading $URL failed (see $WORK/pub-$label.log, $WORK/strom-$variant.log); skipped" >&2; FAILED=1
    else
      warm "$URL"
      for n in "${NS[@]}"; do measure "$label" "$URL" "$n" "$STROM"; done
    fi
    kill "$PUB" 2>/dev/null || true; wait_for 10 "$PUB"
    # The latency, with no other reader and no other publisher.
    g2g "$label" "rtmp://127.0.0.1:$RTMP_PORT/live/g2g" "http://127.0.0.1:$HLS_PORT/live/g2g/"
  fi
  kill "$STROM" 2>/dev/null || true; wait_for 20 "$STROM"
}
if [ "$ONLY" != nginx ] && [ $FAILED = 0 ]; then
  for v in "${VARIANTS[@]}"; do strom "$v"; done
fi
[ "$ONLY" = strom ] && { echo "work dir: $WORK"; exit $FAILED; }

# nginx-rtmp writes the HLS segments, nginx's HTTP server serves them; one worker
NG="$WORK/nginx"; mkdir -p "$NG/hls" "$NG/g2g"
cp "$ROOT/bench/g2g/player.html" "$HLS_JS" "$NG/g2g/"   # the latency player's page, same origin as the playlists
chmod 755 "$WORK" "$NG" "$NG/g2g"; chmod 644 "$NG/g2g/"*; chmod 777 "$NG/hls"   # nginx's worker runs as www-data; mktemp made WORK private
for p in $NGINX_RTMP $NGINX_HTTP; do taken $p && { echo "nginx: port $p is already taken" >&2; exit 1; }; done
cat > "$NG/nginx.conf" <<CONF
load_module $NGX_MOD;
worker_processes 1;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 4096; }
rtmp { server { listen 127.0.0.1:$NGINX_RTMP; chunk_size 4096;
  application live { live on; record off; hls on; hls_path $NG/hls; hls_fragment 1s; hls_playlist_length 6s; } } }
http { access_log off; server { listen 127.0.0.1:$NGINX_HTTP;
  location /hls { types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; } root $NG; add_header Cache-Control no-cache; }
  location /g2g { types { text/html html; text/javascript js; } root $NG; } } }
CONF
NGINX=(nginx -p "$NG/" -e "$NG/error.log" -c "$NG/nginx.conf")
"${NGINX[@]}" -t -q
"${NGINX[@]}" -g 'daemon off;' > "$NG/stdout.log" 2>&1 & NGX=$!; PIDS+=($NGX)
if ! listening $NGINX_HTTP 20 $NGX || ! listening $NGINX_RTMP 20 $NGX; then echo "nginx: nothing listens on $NGINX_HTTP (see $NG/error.log)" >&2; exit 1; fi
WORKERS=($(pgrep -P "$NGX" || true)); PIDS+=(${WORKERS[@]+"${WORKERS[@]}"})
[ ${#WORKERS[@]} -gt 0 ] || { echo "nginx: no worker process" >&2; exit 1; }
publish nginx-hls "rtmp://127.0.0.1:$NGINX_RTMP/live/test"; sleep 8   # a few segments on disk first
URL=http://127.0.0.1:$NGINX_HTTP/hls/test.m3u8
if ! alive "$PUB" || ! streaming "$URL"; then
  echo "nginx: reading $URL failed (see $WORK/pub-nginx-hls.log, $NG/error.log)" >&2; exit 1
fi
warm "$URL"
for n in "${NS[@]}"; do measure nginx-hls "$URL" "$n" "$NGX" "${WORKERS[@]}"; done
kill "$PUB" 2>/dev/null || true; wait_for 10 "$PUB"
g2g nginx-hls "rtmp://127.0.0.1:$NGINX_RTMP/live/g2g" "http://127.0.0.1:$NGINX_HTTP/g2g/player.html?src=/hls/g2g.m3u8"
echo "work dir: $WORK"
exit $FAILED
