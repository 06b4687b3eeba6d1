#!/usr/bin/python3
"""Markdown tables for bench/RESULTS.md from the CSVs bench/webrtc-scale.sh writes.

Usage: scale_tables.py [RESULTS_DIR [TAG]]   (default bench/results; TAG as webrtc-scale.sh's, e.g. -2026-11-26)
"""
import csv
import os
import sys

DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "results")
TAG = sys.argv[2] if len(sys.argv) > 2 else ""


def rows(name):
    path = os.path.join(DIR, name.replace("webrtc-scale", "webrtc-scale" + TAG, 1))
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def num(v, fmt="%.1f"):
    try:
        return fmt % float(v)
    except (TypeError, ValueError):
        return "–"


def scale():
    data = rows("webrtc-scale.csv")
    if not data:
        return
    print("| source | ICE | readers | connected | server CPU | µs/packet | packets/s delivered | RSS | heap after GC "
          "| heap growth per reader | GC pauses (count, ms) | whep-load CPU | packets per reader in window, min / median / max "
          "| frames per reader in window, min / median / max | loss | readers < 98 % | sampled auth failures |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|")
    for r in data:
        try:
            growth = "%.1f KB" % ((float(r["heap_used_kb"]) - float(r["heap_base_kb"])) / float(r["readers"]))
        except ValueError:
            growth = "–"
        print("| %s | %s | %s | %s | %s %% | %s | %s | %s MB | %s MB | %s | %s, %s | %s %% | %s / %s / %s | %s / %s / %s | %s %% | %s | %s of %s |" % (
            r["variant"], r.get("ice", "ice4j"), r["readers"], r["connected"], num(r["server_cpu_pct"]), num(r["us_per_packet"]),
            num(r["packets_per_s"], "%.0f"), r["rss_mb"], num(float(r["heap_used_kb"]) / 1024 if r["heap_used_kb"] not in ("-", "") else None),
            growth, r["gc_count"], r["gc_pause_ms"], num(r["load_cpu_pct"]), r["window_packets_min"], r["window_packets_median"],
            r["window_packets_max"], r["window_frames_min"], r["window_frames_median"], r["window_frames_max"], num(r["loss_pct"], "%.2f"),
            r["readers_below_98pct"], r["sampled_auth_failures"], r["sampled_decrypted"]))
    print("\nOthers' CPU on the machine during each window (% of one core): " + ", ".join(
        "%s/%s/%s: %s" % (r["variant"], r.get("ice", "ice4j"), r["readers"], r["others_cpu_pct"]) for r in data)
        + "; load average at each window's end: " + ", ".join(r["loadavg"] for r in data) + ".")


def crosscheck():
    data = rows("webrtc-scale-crosscheck.csv")
    if not data:
        return
    print("\n| client | readers | server CPU | µs/packet | packets/s delivered | client CPU | frames, min / median / max | errors |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for r in data:
        print("| %s | %s | %s %% | %s | %s | %s %% | %s / %s / %s | %s |" % (
            r["client"], r["readers"], num(r["server_cpu_pct"]), num(r["us_per_packet"], "%.2f"), num(r["packets_per_s"], "%.0f"),
            num(r["client_cpu_pct"]), r["frames_min"], r["frames_median"], r["frames_max"], r["errors"]))
    us = {r["client"]: r["us_per_packet"] for r in data}
    try:
        a, w = float(us["aiortc"]), float(us["whep-load"])
        print("\nServer µs per delivered packet, whep-load vs aiortc: %.2f vs %.2f, a difference of %+.1f %% (target: within 10 %%)."
              % (w, a, 100.0 * (w - a) / a))
    except (KeyError, ValueError, ZeroDivisionError):
        pass


def switches():
    data = rows("webrtc-scale-switches.csv")
    if not data:
        return
    print("\n| switch | setting | readers | offers in window | server CPU | vs default | µs/packet | connected | failed | notes |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
    for r in data:
        print("| %s | %s | %s | %s | %s %% | %sx | %s | %s | %s | %s |" % (
            r["switch"], r["setting"], r["readers"], r["offers"], num(r["server_cpu_pct"]), r["cpu_ratio"],
            num(r["us_per_packet"]), r["connected"], r["failed"], r["notes"]))


scale()
crosscheck()
switches()
