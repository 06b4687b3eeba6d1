# Shared by the fan-out benchmark scripts (bench/*-fanout.sh), which source it: process control
# with bounded waits, per-process CPU and RSS from /proc, package installation and the source's
# encoding. Sourcing it declares PIDS (append every process started) and installs the traps that
# stop those processes when the script exits.
# shellcheck shell=bash

PIDS=()
HZ=$(getconf CLK_TCK)

# alive PID: the process exists and is not a zombie
alive() { local f; [ -r "/proc/$1/stat" ] && read -r -a f < "/proc/$1/stat" 2>/dev/null && [ "${f[2]}" != Z ]; }
# wait_for SECS PID...: wait until the PIDs have ended, at most SECS s; then kill what is left
wait_for() {
  local t=$1 p left; shift; local end=$((SECONDS + t))
  while [ $SECONDS -lt $end ]; do
    left=0; for p; do alive "$p" && { left=1; break; }; done
    [ $left = 0 ] && break; sleep 0.5
  done
  for p; do alive "$p" && { echo "killing $p, still running after ${t}s" >&2; kill -9 "$p" 2>/dev/null || true; }; done
  wait "$@" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  local p; for p in "${PIDS[@]}" ${PAUSE_PID:+"$PAUSE_PID"}; do kill "$p" 2>/dev/null || true; done
  [ ${#PIDS[@]} = 0 ] || wait_for 15 "${PIDS[@]}"
}
trap cleanup EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
# pause SECS: sleep in the background, so a signal's trap runs at once rather than after the sleep
pause() { sleep "$1" & PAUSE_PID=$!; wait "$PAUSE_PID"; }
# listening PORT SECS PID: wait until PID itself listens on TCP PORT, at most SECS s, while PID lives
listening() {
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ] && alive "$3"; do
    ss -Hltnp "sport = :$1" | grep -q "pid=$3," && return 0; sleep 0.5
  done
  return 1
}
# ensure_packages PKG...: install the Debian packages that are missing (no systemd here, so
# installing a server starts none)
ensure_packages() {
  local p missing=()
  for p; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} = 0 ] && return 0
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
}

# ticks PID...: their user + system CPU ticks; a process that ended is left out
ticks() { local s=0 f p; for p; do [ -r /proc/$p/stat ] && read -r -a f < /proc/$p/stat 2>/dev/null || continue; s=$((s + f[13] + f[14])); done; echo $s; }
rss_mb() { local p; for p; do cat "/proc/$p/status" 2>/dev/null || true; done | awk '/VmRSS/{s+=$2} END{printf "%.0f", s/1024}'; }

# The source: 720p30 test pattern and a 1 kHz tone, H264 2 Mbit/s with a 1 s GOP and no B-frames
ENC=(-c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -pix_fmt yuv420p -g 30 -keyint_min 30
     -sc_threshold 0 -bf 0 -b:v 2M -maxrate 2M -bufsize 2M)
SRC=(-re -f lavfi -i testsrc2=size=1280x720:rate=30 -re -f lavfi -i sine=frequency=1000:sample_rate=48000)

# webrtc_strom_yml: the strom.yml lines of the WebRTC benchmarks: every listener on 127.0.0.1 on a
# bench port, WHEP on 18889, RTSP on 18554 (TCP only), ICE on the single UDP port 18189
webrtc_strom_yml() {
  cat <<YML
apiAddress: 127.0.0.1:19997
consoleAddress: 127.0.0.1:19995
rtspAddress: 127.0.0.1:18554
rtpAddress: 127.0.0.1:18000
rtcpAddress: 127.0.0.1:18001
rtspTransports: [tcp]
rtmpAddress: 127.0.0.1:11935
hlsAddress: 127.0.0.1:18888
srtAddress: 127.0.0.1:18890
webrtcAddress: 127.0.0.1:18889
webrtcLocalUDPAddress: 127.0.0.1:18189
YML
}
