#!/usr/bin/env bash
# WebRTC scale: one ffmpeg RTSP/TCP publisher and N WHEP readers from bench/whep-load (one Java
# process doing ICE, DTLS 1.2, SRTP with sampled decryption, RTCP RR and NACK per reader), served
# by Strom over ice4j (full ICE, io.strom.ice) and over ICE-lite (io.strom.ice.lite: a
# deploy/io.strom.ice.lite.config ranks it above ice4j and gives it its own UDP port, 18190). Two
# sources: 720p30 H264 2 Mbit/s and 640x360 500 kbit/s, both with Opus 64 kbit/s and a 1 s GOP.
#
# Per variant and ICE implementation: Strom starts, the publisher starts, JIT_PEERS readers run for JIT s unmeasured, the
# live heap is measured with the publisher alone, then for each N: whep-load ramps N readers up
# (RATE a second), waits for all to receive, WARMUP s, then a MEASURE s window in which it reads
# the server's CPU from /proc (at the window's edges it writes window-file lines; the script then
# takes jstat's GC counters, the machine's busy ticks and the publisher's CPU). After the window,
# with the readers still connected (HOLD s): RSS, and the live heap (jcmd GC.class_histogram's total
# after its full GC). One CSV line per (variant, ICE, N) in bench/results/webrtc-scale$TAG.csv. At
# N = HISTO readers, jcmd GC.class_histogram is taken after that full GC and compared with the one
# taken with the publisher alone (both are the live-heap measurements themselves): the 20 classes
# whose live bytes grew most, per reader, go to
# bench/results/webrtc-scale$TAG-histogram-VARIANT-ICE-N.txt (bench/webrtc/histogram_growth.py).
#
# Also, unless switched off:
#  - CROSSCHECK=10: at CROSSCHECK_VARIANT (720p), the server's CPU per delivered packet with 10 aiortc readers
#    (bench/webrtc/fanout_readers.py, as bench/webrtc-fanout.sh runs them) and with 10 whep-load
#    readers, same server, same window; CSV bench/results/webrtc-scale-crosscheck.csv.
#  - PROFILE=100: at 720p with that many readers, async-profiler (Maven Central
#    tools.profiler:async-profiler:4.1, loaded with jcmd JVMTI.agent_load) samples the server's CPU
#    for PROFILE_S s, then its allocations for PROFILE_S s; collapsed stacks and a summary
#    (bench/webrtc/profile_summary.py) under bench/results/profile/.
#  - SWITCHES=1: the seed report's two switches, each side by side in this run: netif ttl = 0 vs
#    30 s with whep-load churning CHURN offers a minute (each session lives 10 s), and ICE
#    mdns = disabled vs resolve with CHROMIUM headless Chromium readers (mDNS candidate hiding on,
#    so they send .local candidates); CSV bench/results/webrtc-scale-switches.csv.
# Then bench/plot-results.sh draws the PNGs.
#
# Everything runs in a private network namespace holding only lo, addresses 127.0.0.1. Every
# process started is stopped on exit; every wait is bounded.
# Usage: bench/webrtc-scale.sh [N...]   (default NS="50 100 200 500")
# Env: VARIANTS ("720p 360p"), ICE ("ice4j lite"), HISTO (200; 0 = off), TAG (suffix of the CSV
# names, e.g. -2026-11-26; empty), WARMUP (10), MEASURE (30), JIT (20), JIT_PEERS (10), RATE (25),
# HOLD (8), CROSSCHECK (10; 0 = off), CROSSCHECK_VARIANT (720p: the variant it runs on), CROSSCHECK_REPEAT (1: pairs of runs), PROFILE (100; 0 = off), PROFILE_S (30), SWITCHES (1 = both,
# "ttl", "mdns"; 0 = off), CHURN (200), CHROMIUM (4), SWITCH_S (40), OUT (bench/results), STROM_JAVA_OPTS, LOAD_OPTS
# (extra whep-load options).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNTS=(${*:-${NS:-50 100 200 500}})
# not VARIANTS itself: an exported variable turned into an array is not passed to the namespace run
VARIANT_LIST=(${VARIANTS-720p 360p})   # VARIANTS="" skips the matrix (and leaves its CSV alone)
ICE_LIST=(${ICE:-ice4j lite}); HISTO=${HISTO:-200}; TAG=${TAG:-}
WARMUP=${WARMUP:-10}; MEASURE=${MEASURE:-30}; JIT=${JIT:-20}; JIT_PEERS=${JIT_PEERS:-10}; RATE=${RATE:-25}
HOLD=${HOLD:-8}; CROSSCHECK=${CROSSCHECK:-10}; CROSSCHECK_VARIANT=${CROSSCHECK_VARIANT:-720p}; CROSSCHECK_REPEAT=${CROSSCHECK_REPEAT:-1}; PROFILE=${PROFILE:-100}; PROFILE_S=${PROFILE_S:-30}
SWITCHES=${SWITCHES:-1}; SWITCH_LIST=${SWITCHES/1/ttl mdns}; CHURN=${CHURN:-200}; CHROMIUM=${CHROMIUM:-4}; SWITCH_S=${SWITCH_S:-40}
OUT=${OUT:-"$ROOT/bench/results"}
LOAD_JAR="$ROOT/bench/whep-load/target/whep-load.jar"
AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar"
NODE_MODULES="$ROOT/integration-tests/node_modules"
. "$ROOT/bench/lib/fanout.sh"

# Outside the namespace (it has no route out): tools, builds, then re-run in a new network
# namespace (no --fork, so a signal to the caller's PID reaches this script's trap).
if [ -z "${STROM_WEBRTC_SCALE_NETNS:-}" ]; then
  ensure_packages gnuplot-nox bc
  [ -f "$ROOT/runtime/target/strom.jar" ] || "$ROOT/strom" build
  [ -f "$LOAD_JAR" ] || (cd "$ROOT" && mvn -B -o -q package -pl bench/whep-load -am -DskipTests)
  if [ "$PROFILE" != 0 ] && [ ! -f "$AP_JAR" ]; then
    mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1 >/dev/null
  fi
  if [ "$CROSSCHECK" != 0 ]; then
    /usr/bin/python3 -c 'import aiortc, aiohttp' 2>/dev/null \
      || { echo "Debian's python3-aiortc and python3-aiohttp are needed (./strom test installs them)" >&2; exit 1; }
  fi
  if [ "$SWITCHES" != 0 ] && [ ! -d "$NODE_MODULES/playwright-core" ]; then
    echo "playwright-core is missing in integration-tests/node_modules (./strom test installs it)" >&2; exit 1
  fi
  mkdir -p "$OUT"
  export STROM_WEBRTC_SCALE_NETNS=1
  exec unshare --net "$0" "$@"
fi

WORK=$(mktemp -d /tmp/strom-webrtc-scale.XXXX)
ip link set lo up
OPUS=(-c:a libopus -b:a 64k -ac 2 -ar 48000)
URL=http://127.0.0.1:18889/live/whep
CSV="$OUT/webrtc-scale$TAG.csv"; XCSV="$OUT/webrtc-scale$TAG-crosscheck.csv"; SCSV="$OUT/webrtc-scale$TAG-switches.csv"
LITE_PORT=18190
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
pct() { echo "scale=1; $1 * 100 / $HZ / $2" | bc; }
# jq-less JSON access: json FILE KEY [SUBKEY]
json() {
  /usr/bin/python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v.get(k) if isinstance(v, dict) else None
print("-" if v is None else (" ".join("%s=%s" % kv for kv in v.items()) if isinstance(v, dict) else v))' "$@"
}
# gc PID: "collections pause_ms" since the JVM started (young + full; G1's remark/cleanup are in CGC)
gc() { jstat -gc "$1" 2>/dev/null | awk 'NR==1{for(i=1;i<=NF;i++)h[$i]=i} NR==2{printf "%d %.0f", $h["YGC"]+$h["FGC"], ($h["YGCT"]+$h["FGCT"])*1000}'; }
# heap_kb PID [FILE]: the live heap in KB, from jcmd GC.class_histogram (a full GC, then the live
# objects counted at once; GC.heap_info after GC.run also counted what the readers' traffic allocated
# in the moment between the two commands, up to 50 MB at 720p with 200 readers); FILE keeps the histogram
heap_kb() {
  local f=${2:-$WORK/histo-last.txt}
  timeout -k 2 60 jcmd "$1" GC.class_histogram > "$f" 2>/dev/null || { echo -; return; }
  awk '$1 == "Total" { printf "%d", $3 / 1024; found = 1 } END { if (!found) print "-" }' "$f"
}
# start_strom NAME [PID=key=value ...]: Strom with WHEP on 18889, RTSP on 18554, ICE on UDP 18189,
# host candidate 127.0.0.1 only (netif: no interface enumeration), extra deploy/*.cfg settings.
# With ICE_MODE=lite, ICE-lite serves on UDP $LITE_PORT (FileInstall's typed .config format: the
# ranking must be an Integer to count).
start_strom() {
  local name=$1; shift; local dir="$WORK/$name"; mkdir -p "$dir/data/deploy"
  webrtc_strom_yml > "$dir/strom.yml"
  [ "${ICE_MODE:-ice4j}" != lite ] || printf 'service.ranking=I"10"\nwebrtcLocalUDPAddress="127.0.0.1:%s"\n' "$LITE_PORT" \
    > "$dir/data/deploy/io.strom.ice.lite.config"
  # netif's keys live in its cfg file (not strom.yml), so a switch run can add ttl next to them
  printf 'webrtcIPsFromInterfaces=false\nwebrtcAdditionalHosts=127.0.0.1\n' > "$dir/data/deploy/io.strom.netif.cfg"
  # a cfg file replaces its PID's properties (strom.yml's keys for it included), so the ICE port goes in too
  local kv; for kv; do
    [ "${kv%%=*}" != io.strom.ice ] || [ -f "$dir/data/deploy/io.strom.ice.cfg" ] \
      || echo "webrtcLocalUDPAddress=127.0.0.1:18189" > "$dir/data/deploy/io.strom.ice.cfg"
    echo "${kv#*=}" >> "$dir/data/deploy/${kv%%=*}.cfg"
  done
  java -Xmx1g ${STROM_JAVA_OPTS:-} -Dlaunch.storage.dir="$dir/data/felix" -Dfelix.fileinstall.dir="$dir/data/deploy" \
    -Dstrom.data="$dir/data" -Dstrom.config="$dir/strom.yml" -jar "$ROOT/runtime/target/strom.jar" > "$dir/strom.log" 2>&1 &
  STROM=$!; PIDS+=($STROM)
  listening 18889 60 $STROM && listening 18554 10 $STROM \
    || { echo "$name: Strom has no WHEP or RTSP listener (see $dir/strom.log)" >&2; return 1; }
  [ "${ICE_MODE:-ice4j}" != lite ] || wait_line "$dir/strom.log" ".*ICE-lite listening on UDP /127.0.0.1:$LITE_PORT.*" 30 $STROM \
    || { echo "$name: ICE-lite does not listen on $LITE_PORT (see $dir/strom.log)" >&2; return 1; }
}
stop_strom() { kill "$STROM" 2>/dev/null || true; wait_for 20 "$STROM"; }

# start_pub SIZE BITRATE: the publisher over RTSP/TCP
start_pub() {
  local enc=("${ENC[@]}") i
  for i in "${!enc[@]}"; do case "${enc[$i]}" in 2M) enc[$i]=$2;; esac; done
  ffmpeg -nostdin -hide_banner -loglevel error -re -f lavfi -i "testsrc2=size=$1:rate=30" \
    -re -f lavfi -i sine=frequency=1000:sample_rate=48000 "${enc[@]}" "${OPUS[@]}" \
    -f rtsp -rtsp_transport tcp rtsp://127.0.0.1:18554/live > "$WORK/pub-$1.log" 2>&1 &
  PUB=$!; PIDS+=($PUB); pause 4
  alive "$PUB" || { echo "the publisher ended (see $WORK/pub-$1.log)" >&2; return 1; }
}

# wait_line FILE LINE SECS PID: until FILE holds LINE, at most SECS s, while PID lives
wait_line() {
  local end=$((SECONDS + $3))
  while [ $SECONDS -lt $end ] && alive "$4"; do grep -qx "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  return 1
}

# load NAME N [whep-load options]: runs whep-load against the server; at the window's edges takes
# GC counters, machine and publisher ticks (and runs WINDOW_HOOK start|end if set); after it,
# RSS and the heap after GC while the readers hold. Sets LJSON, LCSV, L_* figures.
load() {
  local name=$1 n=$2; shift 2
  local dir="$WORK/$name-$n"; mkdir -p "$dir"
  LJSON="$dir/load.json"; LCSV="$dir/readers.csv"
  java -Xmx2g -XX:+UseParallelGC -jar "$LOAD_JAR" -url "$URL" -readers "$n" -rate "$RATE" -loops 2 -warmup "$WARMUP" \
    -measure "$MEASURE" -hold "$HOLD" -server-pid "$STROM" -window-file "$dir/window" -json "$LJSON" -csv "$LCSV" \
    -label "$name" ${LOAD_OPTS:-} "$@" > "$dir/load.log" 2>&1 &
  local lp=$!; PIDS+=($lp); local drops0; drops0=$(udp_drops)
  local budget=$((n / RATE + 60 + WARMUP + MEASURE + HOLD + 60))
  L_GC0="- -"; L_GC1="- -"; L_OTHERS=-; L_PUB=-; L_RSS=-; L_HEAP=-; L_LOADAVG=-
  if wait_line "$dir/window" start "$budget" $lp; then
    local m0 p0 s0 w0; L_GC0=$(gc "$STROM"); m0=$(busy); p0=$(ticks "$PUB"); s0=$(ticks "$STROM"); w0=$(ticks $lp)
    [ -z "${WINDOW_HOOK:-}" ] || $WINDOW_HOOK start
    if wait_line "$dir/window" end $((MEASURE + 30)) $lp; then
      local mdt pdt sdt wdt; mdt=$(( $(busy) - m0 )); pdt=$(( $(ticks "$PUB") - p0 )); sdt=$(( $(ticks "$STROM") - s0 ))
      wdt=$(( $(ticks $lp) - w0 )); L_GC1=$(gc "$STROM")
      [ -z "${WINDOW_HOOK:-}" ] || $WINDOW_HOOK end
      L_OTHERS=$(pct $((mdt - pdt - sdt - wdt)) "$MEASURE"); L_PUB=$(pct "$pdt" "$MEASURE")
      L_LOADAVG=$(cut -d' ' -f1 /proc/loadavg); L_RSS=$(rss_mb "$STROM"); L_HEAP=$(heap_kb "$STROM" "${HISTO_FILE:-}")
    fi
  fi
  wait_for "$budget" $lp
  L_DROPS=$(( $(udp_drops) - drops0 ))
  [ -s "$LJSON" ] || { echo "$name, $n readers: whep-load wrote no summary (see $dir/load.log)" >&2; return 1; }
}

# udp_drops: the namespace's UDP datagrams dropped for a full receive buffer (a reader or the server too slow to drain)
udp_drops() { awk '/^Udp:/ { if (!h) { for (i = 2; i <= NF; i++) k[i] = $i; h = 1 } else for (i = 2; i <= NF; i++) if (k[i] == "RcvbufErrors") print $i }' /proc/net/snmp; }
gc_delta() { local a=($L_GC0) b=($L_GC1); [ "${a[0]}" = - ] || [ "${b[0]}" = - ] && { echo "-,-"; return; }; echo "$((b[0] - a[0])),$((b[1] - a[1]))"; }
stats3() { echo "$(json "$LJSON" "$2" min),$(json "$LJSON" "$2" median),$(json "$LJSON" "$2" max)"; }

[ ${#VARIANT_LIST[@]} = 0 ] || echo "variant,readers,connected,failed,server_cpu_pct,us_per_packet,packets_per_s,rss_mb,heap_used_kb,heap_base_kb,gc_count,gc_pause_ms,load_cpu_pct,publisher_cpu_pct,others_cpu_pct,loadavg,window_packets_min,window_packets_median,window_packets_max,window_frames_min,window_frames_median,window_frames_max,loss_pct,readers_below_98pct,nacked,recovered,sampled_decrypted,sampled_auth_failures,connect_ms_median,srtp_profiles,udp_rcvbuf_drops,ice" > "$CSV"
[ "$CROSSCHECK" = 0 ] || [ ${#VARIANT_LIST[@]} = 0 ] || echo "client,readers,server_cpu_pct,us_per_packet,packets_per_s,client_cpu_pct,frames_min,frames_median,frames_max,errors" > "$XCSV"
[ "$SWITCHES" = 0 ] || echo "switch,setting,readers,offers,server_cpu_pct,cpu_ratio,us_per_packet,packets_per_s,connected,failed,notes" > "$SCSV"

# --- the matrix -------------------------------------------------------------------------------
for variant in "${VARIANT_LIST[@]}"; do
 for ICE_MODE in "${ICE_LIST[@]}"; do
  case $ICE_MODE in ice4j|lite) ;; *) echo "unknown ICE $ICE_MODE (ice4j or lite)" >&2; exit 2;; esac
  case $variant in
    720p) SIZE=1280x720; RATEV=2M;;
    360p) SIZE=640x360; RATEV=500k;;
    *) echo "unknown variant $variant (720p or 360p)" >&2; exit 2;;
  esac
  start_strom "strom-$variant-$ICE_MODE"
  start_pub "$SIZE" "$RATEV"
  WARMUP=0 MEASURE=$JIT HOLD=0 load "jit-$variant-$ICE_MODE" "$JIT_PEERS" > /dev/null || true
  echo "$variant $ICE_MODE JIT warm-up: $(json "$LJSON" connected) of $JIT_PEERS connected" >&2
  base=$(heap_kb "$STROM" "$WORK/histo-$variant-$ICE_MODE-base.txt")
  for n in "${COUNTS[@]}"; do
    HISTO_FILE=; [ "$n" != "$HISTO" ] || HISTO_FILE="$WORK/histo-$variant-$ICE_MODE-$n.txt"
    load "$variant-$ICE_MODE" "$n" || continue
    if [ -n "$HISTO_FILE" ]; then
      HISTO_FILE=
      /usr/bin/python3 "$ROOT/bench/webrtc/histogram_growth.py" "$WORK/histo-$variant-$ICE_MODE-base.txt" \
        "$WORK/histo-$variant-$ICE_MODE-$n.txt" "$(json "$LJSON" connected)" 20 > "$OUT/webrtc-scale$TAG-histogram-$variant-$ICE_MODE-$n.txt" \
        || echo "histogram comparison failed" >&2
    fi
    echo "$variant,$n,$(json "$LJSON" connected),$(json "$LJSON" failed),$(json "$LJSON" server_cpu_pct),$(json "$LJSON" server_us_per_packet),$(json "$LJSON" window_packets_per_s),$L_RSS,$L_HEAP,$base,$(gc_delta),$(json "$LJSON" load_cpu_pct),$L_PUB,$L_OTHERS,$L_LOADAVG,$(stats3 "$LJSON" window_packets_per_reader),$(stats3 "$LJSON" window_frames_per_reader),$(json "$LJSON" loss_pct),$(json "$LJSON" readers_below_98pct),$(json "$LJSON" nacked_packets),$(json "$LJSON" recovered_by_retransmission),$(json "$LJSON" sampled_decrypted),$(json "$LJSON" sampled_auth_failures),$(json "$LJSON" connect_ms median),$(json "$LJSON" srtp_profiles),$L_DROPS,$ICE_MODE" | tee -a "$CSV"
    cp "$LJSON" "$OUT/webrtc-scale$TAG-$variant-$ICE_MODE-$n.json"
  done

  if [ "$variant" = "$CROSSCHECK_VARIANT" ] && [ "$ICE_MODE" = "${ICE_LIST[0]}" ] && [ "$CROSSCHECK" != 0 ]; then
    # aiortc and whep-load alternate CROSSCHECK_REPEAT times: a single pair is within the run-to-run noise at 10 readers
    for rep in $(seq 1 "$CROSSCHECK_REPEAT"); do
      # aiortc: the fan-out benchmark's readers and its window (server ticks over MEASURE after WARMUP)
      n=$CROSSCHECK; read_s=$((WARMUP + MEASURE + 8)); d="$WORK/aiortc-$n"; mkdir -p "$d"
      /usr/bin/python3 "$ROOT/bench/webrtc/fanout_readers.py" whep "$URL" "$n" "$read_s" > "$d/r.json" 2> "$d/r.err" &
      rp=$!; PIDS+=($rp); pause "$WARMUP"
      s0=$(ticks "$STROM"); r0=$(ticks $rp); pause "$MEASURE"; sdt=$(( $(ticks "$STROM") - s0 )); rdt=$(( $(ticks $rp) - r0 ))
      wait_for $((read_s + 45)) $rp
      pk=$(/usr/bin/python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(sum(o["video_packets"])+sum(o["audio_packets"]))' "$d/r.json" 2>/dev/null || echo 0)
      fr=$(/usr/bin/python3 -c 'import json,sys,statistics as s; f=json.load(open(sys.argv[1]))["video_frames"]; print("%d,%d,%d" % (min(f), s.median(f), max(f)))' "$d/r.json" 2>/dev/null || echo "-,-,-")
      er=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["errors"]))' "$d/r.json" 2>/dev/null || echo -)
      # aiortc reports packets for its whole run only: the rate is over the time it was connected
      cs=$(/usr/bin/python3 -c 'import json,sys,statistics as s; print("%.1f" % (s.median(p["connect_ms"] for p in json.load(open(sys.argv[1]))["peers"] if p["connect_ms"] is not None) / 1000))' "$d/r.json" 2>/dev/null || echo 0)
      rate=$(echo "scale=1; $pk / ($read_s - $cs)" | bc); us=-; [ "$pk" -gt 0 ] && us=$(echo "scale=2; $sdt * 1000000 / $HZ / ($rate * $MEASURE)" | bc)
      echo "aiortc,$n,$(pct "$sdt" "$MEASURE"),$us,$rate,$(pct "$rdt" "$MEASURE"),$fr,$er" | tee -a "$XCSV"
      load "crosscheck" "$n" || true
      echo "whep-load,$n,$(json "$LJSON" server_cpu_pct),$(json "$LJSON" server_us_per_packet),$(json "$LJSON" window_packets_per_s),$(json "$LJSON" load_cpu_pct),$(stats3 "$LJSON" window_frames_per_reader),$(json "$LJSON" failed)" | tee -a "$XCSV"
    done
  fi

  if [ "$variant" = 720p ] && [ "$ICE_MODE" = "${ICE_LIST[0]}" ] && [ "$PROFILE" != 0 ]; then
    PDIR="$OUT/profile"; mkdir -p "$PDIR"; AP="$WORK/ap/linux-x64/libasyncProfiler.so"
    unzip -o -q "$AP_JAR" linux-x64/libasyncProfiler.so -d "$WORK/ap"
    # jcmd parses key=value arguments itself: the agent's options go through quoted as one string
    ap() { timeout -k 2 30 jcmd "$STROM" JVMTI.agent_load "$AP" "\"$1\"" > "$WORK/ap.log" 2>&1 || cat "$WORK/ap.log" >&2; }
    # cpu over the first PROFILE_S s of the window, allocations over the next PROFILE_S s
    profile_hook() {
      [ "$1" = start ] || return 0
      ap "start,event=cpu,interval=1ms"; pause "$PROFILE_S"
      ap "stop,file=$PDIR/cpu-$PROFILE.collapsed,collapsed"
      ap "start,event=alloc"; pause "$PROFILE_S"
      ap "stop,file=$PDIR/alloc-$PROFILE.collapsed,collapsed,total"
    }
    WINDOW_HOOK=profile_hook MEASURE=$((2 * PROFILE_S + 5)) load "profile" "$PROFILE" || true
    /usr/bin/python3 "$ROOT/bench/webrtc/profile_summary.py" "$PDIR/cpu-$PROFILE.collapsed" "$PDIR/alloc-$PROFILE.collapsed" \
      > "$PDIR/summary-$PROFILE.md" || echo "profile summary failed" >&2
    cat "$PDIR/summary-$PROFILE.md" >&2 || true
  fi
  kill "$PUB" 2>/dev/null || true; wait_for 10 "$PUB"
  stop_strom
 done
done
ICE_MODE=ice4j

# --- the report's two switches ----------------------------------------------------------------
if [ "$SWITCHES" != 0 ]; then
  # netif ttl: 0 enumerates on every offer, 30 s in the background; CHURN offers a minute at 720p
  for ttl in $( [[ " $SWITCH_LIST " = *" ttl "* ]] && echo 30 0 ); do
    start_strom "ttl-$ttl" "io.strom.netif=ttl=$ttl"
    start_pub 1280x720 2M
    WARMUP=20 MEASURE=$SWITCH_S HOLD=0 load "ttl-$ttl" 1 -churn-per-minute "$CHURN" -session 10 || true
    cpu=$(json "$LJSON" server_cpu_pct); [ "$ttl" = 30 ] && TTL30=$cpu
    echo "netif-ttl,$ttl s,churn,$(json "$LJSON" window_offers),$cpu,$(echo "scale=2; $cpu / ${TTL30:-$cpu}" | bc 2>/dev/null || echo -),$(json "$LJSON" server_us_per_packet),$(json "$LJSON" window_packets_per_s),$(json "$LJSON" connected),$(json "$LJSON" failed),sessions of 10 s" | tee -a "$SCSV"
    kill "$PUB" 2>/dev/null || true; wait_for 10 "$PUB"; stop_strom
  done
  # ICE mdns: Chromium readers with .local candidates; server CPU over SWITCH_S s while they play.
  # Chromium gathers only on the interface of the default route, which a namespace holding only lo
  # lacks: an ifb device with a private address and the default route gives it one (Strom still
  # offers 127.0.0.1 only; both ends are local, so nothing leaves the namespace).
  if [[ " $SWITCH_LIST " = *" mdns "* ]]; then
    ip link add bench0 type ifb && ip addr add 10.99.0.1/24 dev bench0 && ip link set bench0 multicast on up \
      && ip route add default dev bench0 || { echo "cannot create the ifb device bench0 for Chromium" >&2; exit 1; }
  fi
  for mdns in $( [[ " $SWITCH_LIST " = *" mdns "* ]] && echo disabled resolve ); do
    start_strom "mdns-$mdns" "io.strom.ice=mdns=$mdns"
    start_pub 1280x720 2M
    d="$WORK/chromium-$mdns"; mkdir -p "$d"; CPIDS=()
    for k in $(seq 1 "$CHROMIUM"); do
      NODE_PATH="$NODE_MODULES" node "$ROOT/integration-tests/e2e/src/test/resources/webrtc/chromium_reader.js" \
        http://127.0.0.1:18889/live/ $((SWITCH_S + 20)) > "$d/c$k.json" 2> "$d/c$k.err" &
      CPIDS+=($!); PIDS+=($!)
    done
    pause 15; s0=$(ticks "$STROM"); pause "$SWITCH_S"; sdt=$(( $(ticks "$STROM") - s0 ))
    wait_for $((SWITCH_S + 60)) "${CPIDS[@]}"
    stats=$(/usr/bin/python3 - "$d" <<'PY'
import glob, json, sys
ok = frames = packets = mdns = 0; n = 0; pairs = set()
for p in glob.glob(sys.argv[1] + "/c*.json"):
    n += 1
    try:
        o = json.loads(open(p).read().strip().splitlines()[-1])
    except Exception:
        continue
    ok += o.get("connection_state") == "connected"
    v = o.get("inbound_video") or {}; a = o.get("inbound_audio") or {}
    frames += v.get("frames_decoded") or 0; packets += (v.get("packets_received") or 0) + (a.get("packets_received") or 0)
    mdns += (o.get("local_candidates") or {}).get("mdns") or 0
    local = (o.get("selected_pair") or {}).get("local") or {}
    pairs.add("%s %s" % (local.get("candidate_type"), local.get("address") or ".local"))
print("%d,%d,%d,%d,%d,%s" % (ok, n - ok, packets, frames, mdns, "/".join(sorted(pairs))))
PY
)
    IFS=, read -r ok bad packets frames lc pair <<< "$stats"
    cpu=$(pct "$sdt" "$SWITCH_S"); [ "$mdns" = disabled ] && MD0=$cpu
    echo "ice-mdns,$mdns,$CHROMIUM,-,$cpu,$(echo "scale=2; $cpu / ${MD0:-$cpu}" | bc 2>/dev/null || echo -),-,-,$ok,$bad,Chromium: $lc .local candidates; selected local candidate $pair; $packets packets and $frames frames decoded over the whole run" | tee -a "$SCSV"
    kill "$PUB" 2>/dev/null || true; wait_for 10 "$PUB"; stop_strom
  done
fi
OUT="$OUT" "$ROOT/bench/plot-results.sh" || echo "plotting failed" >&2
echo "work dir: $WORK" >&2
