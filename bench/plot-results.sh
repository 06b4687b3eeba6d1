#!/usr/bin/env bash
# Draws one PNG per benchmark from the CSVs in bench/results (gnuplot; Debian's gnuplot-nox is
# installed when missing): Strom and the peer on the same axes.
#   rtsp-fanout.png     CPU vs readers, Strom and gst-rtsp-server   (rtsp-fanout-2026-11-25b.csv)
#   rtmp-fanout.png     CPU vs readers, Strom and nginx-rtmp        (rtmp-fanout.csv: the 2026-11-26 s6b run)
#   webrtc-fanout.png   CPU and µs/packet vs readers, Strom and Janus, aiortc readers
#                       (webrtc-fanout-2026-11-25b.csv)
#   webrtc-scale.png    CPU, µs/packet and live heap per reader vs readers: Strom with whep-load
#                       readers (720p and 360p, ice4j and ICE-lite, webrtc-scale-2026-11-26-matrix.csv)
#                       next to the aiortc fan-out run of Strom and Janus
#   webrtc-scale-switches.png  server CPU per switch setting (webrtc-scale-switches.csv)
#   webrtc-scale-ice.png  µs/packet, loss and load average at 200 readers 720p, ice4j vs ICE-lite in
#                       the same run (webrtc-scale-2026-11-26a.csv and -b.csv)
# A CSV that is missing is skipped with a message. Usage: bench/plot-results.sh; env OUT (bench/results).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-"$ROOT/bench/results"}
. "$ROOT/bench/lib/fanout.sh"
command -v gnuplot > /dev/null || ensure_packages gnuplot-nox
TMP=$(mktemp -d /tmp/strom-plots.XXXX)
trap 'rm -rf "$TMP"' EXIT

# series CSV FIELD VALUE XCOL YCOL...: "x y..." rows of CSV where column FIELD equals VALUE (by header name)
series() {
  local csv=$1 field=$2 value=$3; shift 3
  awk -F, -v field="$field" -v value="$value" -v cols="$*" '
    NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; n = split(cols, c, " "); next }
    $h[field] == value { line = ""; ok = 1
      for (i = 1; i <= n; i++) { v = $h[c[i]]; if (v == "-" || v == "") ok = 0; line = line (i > 1 ? " " : "") v }
      if (ok) print line }' "$csv"
}
have() { [ -f "$1" ] || { echo "skipping: $1 is missing" >&2; return 1; }; }
STYLE='set datafile separator " "; set key top left; set grid; set yrange [0:*]; set xlabel "readers"; set terminal pngcairo size 1400,450 font ",10"'

if have "$OUT/rtsp-fanout-2026-11-25b.csv"; then
  series "$OUT/rtsp-fanout-2026-11-25b.csv" server strom readers cpu_pct > "$TMP/s"
  series "$OUT/rtsp-fanout-2026-11-25b.csv" server gst-rtsp-server readers cpu_pct > "$TMP/g"
  gnuplot -e "$STYLE; set terminal pngcairo size 700,450; set output '$OUT/rtsp-fanout.png'; set title 'RTSP/TCP fan-out, 720p 2 Mbit/s (bench/rtsp-fanout.sh)';
    set ylabel 'server CPU, % of one core'; plot '$TMP/s' w lp t 'Strom', '$TMP/g' w lp t 'gst-rtsp-server'"
fi
if have "$OUT/rtmp-fanout.csv"; then
  series "$OUT/rtmp-fanout.csv" server strom readers cpu_pct > "$TMP/s"
  series "$OUT/rtmp-fanout.csv" server nginx-rtmp readers cpu_pct > "$TMP/n"
  gnuplot -e "$STYLE; set terminal pngcairo size 700,450; set output '$OUT/rtmp-fanout.png'; set title 'RTMP fan-out, 720p 2 Mbit/s (bench/rtmp-fanout.sh)';
    set ylabel 'server CPU, % of one core'; plot '$TMP/s' w lp t 'Strom', '$TMP/n' w lp t 'nginx-rtmp'"
fi
F="$OUT/webrtc-fanout-2026-11-25b.csv"
if have "$F"; then
  series "$F" server strom readers cpu_pct us_per_packet heap_used_mb > "$TMP/fs"
  series "$F" server janus readers cpu_pct us_per_packet > "$TMP/fj"
  gnuplot -e "$STYLE; set terminal pngcairo size 1000,450; set output '$OUT/webrtc-fanout.png'; set multiplot layout 1,2 title 'WebRTC fan-out, aiortc readers, 720p 2 Mbit/s (bench/webrtc-fanout.sh)';
    set ylabel 'server CPU, % of one core'; plot '$TMP/fs' u 1:2 w lp t 'Strom', '$TMP/fj' u 1:2 w lp t 'Janus 1.1.2';
    set ylabel 'server CPU µs per delivered packet'; plot '$TMP/fs' u 1:3 w lp t 'Strom', '$TMP/fj' u 1:3 w lp t 'Janus 1.1.2'; unset multiplot"
fi
# the full matrix of 2026-11-26 (session 6): both variants, ice4j and ICE-lite, one quiet run
F="$OUT/webrtc-scale-2026-11-26-matrix.csv"
if have "$F"; then
  for v in 720p 360p; do for ice in ice4j lite; do
    awk -F, -v v=$v -v ice=$ice 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
      $h["variant"] == v && $h["ice"] == ice { print $h["readers"], $h["server_cpu_pct"], $h["us_per_packet"], $h["heap_used_kb"] - $h["heap_base_kb"] }' \
      "$F" > "$TMP/w$v$ice"
  done; done
  [ -f "$TMP/fs" ] || : > "$TMP/fs"; [ -f "$TMP/fj" ] || : > "$TMP/fj"
  gnuplot -e "$STYLE; set output '$OUT/webrtc-scale.png'; set logscale x; set xtics (10, 25, 50, 100, 200, 500);
    set multiplot layout 1,3 title 'WebRTC scale: Strom with whep-load readers, ice4j and ICE-lite (bench/webrtc-scale.sh, 2026-11-26), and the aiortc fan-out run of Strom and Janus';
    set ylabel 'server CPU, % of one core';
    plot '$TMP/w720pice4j' u 1:2 w lp t '720p, ice4j', '$TMP/w720plite' u 1:2 w lp t '720p, ICE-lite',
         '$TMP/w360pice4j' u 1:2 w lp t '360p, ice4j', '$TMP/w360plite' u 1:2 w lp t '360p, ICE-lite',
         '$TMP/fs' u 1:2 w lp t 'Strom, aiortc, 720p', '$TMP/fj' u 1:2 w lp t 'Janus, aiortc, 720p';
    set ylabel 'server CPU µs per delivered packet'; set yrange [0:*];
    plot '$TMP/w720pice4j' u 1:3 w lp t '720p, ice4j', '$TMP/w720plite' u 1:3 w lp t '720p, ICE-lite',
         '$TMP/w360pice4j' u 1:3 w lp t '360p, ice4j', '$TMP/w360plite' u 1:3 w lp t '360p, ICE-lite',
         '$TMP/fs' u 1:3 w lp t 'Strom, aiortc, 720p', '$TMP/fj' u 1:3 w lp t 'Janus, aiortc, 720p', 4 w l dt 2 t 'target at 200 readers: 4 µs';
    set ylabel 'live heap growth over the publisher alone, KB per reader';
    plot '$TMP/w720pice4j' u 1:(\$4/\$1) w lp t '720p, ice4j', '$TMP/w720plite' u 1:(\$4/\$1) w lp t '720p, ICE-lite',
         '$TMP/w360pice4j' u 1:(\$4/\$1) w lp t '360p, ice4j', '$TMP/w360plite' u 1:(\$4/\$1) w lp t '360p, ICE-lite',
         64 w l dt 2 t 'target: 64 KB'; unset multiplot"
fi
# ice4j vs ICE-lite at 200 readers, the two runs of 2026-11-26 on a machine not starved (a: lite fixed; b: plus the DTLS memory changes)
if have "$OUT/webrtc-scale-2026-11-26a.csv" && have "$OUT/webrtc-scale-2026-11-26b.csv"; then
  for r in a b; do
    awk -F, -v run=$r 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
      $h["readers"] == 200 { printf "\"run %s, %s\" %s %s %s\n", run, $h["ice"], $h["us_per_packet"], $h["loss_pct"], $h["loadavg"] }' \
      "$OUT/webrtc-scale-2026-11-26$r.csv"
  done > "$TMP/ice"
  gnuplot -e "$STYLE; set terminal pngcairo size 1500,450; set output '$OUT/webrtc-scale-ice.png'; set key off; set xlabel '';
    set style fill solid 0.6; set boxwidth 0.6;
    set multiplot layout 1,3 title 'WebRTC scale, 720p 2 Mbit/s, 200 whep-load readers: ice4j vs ICE-lite in the same run (bench/webrtc-scale.sh, 2026-11-26 runs a and b)';
    set ylabel 'server CPU µs per delivered packet'; plot '$TMP/ice' u 0:2:xtic(1) w boxes, 4 w l dt 2;
    set ylabel 'packets lost, % (target: no reader below 98 %)'; plot '$TMP/ice' u 0:3:xtic(1) w boxes;
    set ylabel 'load average at the window end'; plot '$TMP/ice' u 0:4:xtic(1) w boxes; unset multiplot"
fi
if have "$OUT/webrtc-scale-switches.csv"; then
  awk -F, 'NR > 1 && $5 != "-" { printf "\"%s %s\" %s\n", $1, $2, $5 }' "$OUT/webrtc-scale-switches.csv" > "$TMP/sw"
  gnuplot -e "$STYLE; set terminal pngcairo size 800,450; set output '$OUT/webrtc-scale-switches.png'; set key off; set xlabel '';
    set title 'Switches of the seed report, on Strom (bench/webrtc-scale.sh)'; set ylabel 'server CPU, % of one core'; set yrange [0:*];
    set style fill solid 0.6; set boxwidth 0.6; plot '$TMP/sw' u 0:2:xtic(1) w boxes"
fi
ls -1 "$OUT"/*.png
