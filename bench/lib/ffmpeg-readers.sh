# Shared by the benchmarks whose readers are ffmpeg processes reading a URL (bench/rtmp-fanout.sh,
# bench/hls-fanout.sh), which source it after bench/lib/fanout.sh. The caller sets WORK, CSV,
# WARMUP, MEASURE, READ and JIT (seconds); PUB is the publisher's PID.
# shellcheck shell=bash

AAC=(-c:a aac -b:a 128k -ac 2 -ar 48000)

# taken PORT: some process already listens on 127.0.0.1:PORT (another server would get our traffic)
taken() { [ -n "$(ss -Hltn "sport = :$1")" ]; }
# streaming URL: the stream has H264 video and AAC audio (ffprobe, at most 20 s; an HLS
# multivariant playlist lists its streams once per program, hence the sort -u)
streaming() {
  local s; s=$(timeout -k 2 20 ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$1" 2>/dev/null | grep . | sort -u | tr '\n' ' ') || true
  [ "$s" = "aac h264 " ] || { echo "stream at $1 not readable (streams: '${s}')" >&2; return 1; }
}

# publish NAME URL: the 720p30 H264 + AAC publisher over RTMP, in the background; its PID in PUB
publish() {
  ffmpeg -nostdin -hide_banner -loglevel error "${SRC[@]}" "${ENC[@]}" "${AAC[@]}" -f flv "$2" > "$WORK/pub-$1.log" 2>&1 &
  PUB=$!; PIDS+=($PUB)
}

# measure NAME URL N SERVER_PID...: N ffmpeg readers of URL; the servers' CPU (% of one core over
# MEASURE s after WARMUP s) and RSS, the readers' CPU, frames per reader; one CSV line
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

# warm URL: JIT_READERS (100) readers for JIT seconds, not measured, so the JVM compiles the hot
# path first. As many readers as the largest measurement: code that runs once per request or per
# connection (an HLS reader's playlist, segment and new connection, a few a second each) reaches
# C2's threshold (some 5,000 calls) that much sooner; with 20, C2 still compiled such methods
# at 10 readers three minutes in (a quarter of Strom's CPU samples at 150-180 s).
warm() {
  local w=()
  for i in $(seq 1 "${JIT_READERS:-100}"); do
    ffmpeg -nostdin -loglevel quiet -rw_timeout 10000000 -i "$1" -t "$JIT" -map 0:v:0 -c copy -f null - & w+=($!); PIDS+=($!)
  done
  wait_for $((JIT + 30)) "${w[@]}"
}

# prepare ONLY STROM_JAR: install nginx with the RTMP module unless ONLY=strom (its module path in
# NGX_MOD), build Strom unless ONLY=nginx or STROM_JAR exists, start the CSV
prepare() {
  if [ "$1" != strom ]; then
    ensure_packages nginx libnginx-mod-rtmp
    NGX_MOD=$(dpkg -L libnginx-mod-rtmp | grep '/ngx_rtmp_module\.so$' | head -1)
    [ -n "$NGX_MOD" ] || { echo "ngx_rtmp_module.so not found in libnginx-mod-rtmp" >&2; exit 1; }
  fi
  [ "$1" = nginx ] || [ -f "$2" ] || "$ROOT/strom" build
  echo "$CSV_HEADER" | tee "$CSV"
}

CSV_HEADER="server,readers,cpu_pct,cpu_pct_per_reader,rss_mb,readers_cpu_pct,readers_reporting,frames_min,frames_max,frames_expected"
