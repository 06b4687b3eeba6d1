#!/usr/bin/python3
"""Summarises async-profiler collapsed stacks of the server as markdown for bench/RESULTS.md.

Usage: profile_summary.py CPU.collapsed [ALLOC.collapsed]

CPU: the 10 frames with the most samples on the stack (cumulative, each frame counted once per
sample), and each sample put in one group by the frame nearest its leaf that names a group (the
seed report's groups: SRTP, socket writes, NACK, RTCP, scheduling; plus the rest of the path).
ALLOC (collapsed with `total`, so the counts are bytes): the top allocated types and the Java
frames that allocate them.
"""
import collections
import re
import sys

# (group, pattern on one frame); the first group whose pattern matches, walking from the leaf, wins
GROUPS = [
    ("SRTP (protect, AES-GCM/CM)", r"io/strom/srtp|com/sun/crypto|javax/crypto|sun/security/provider|aes|gcm|ghash"),
    ("NACK (retransmission buffer, NACK answers)", r"io/strom/nack|[Nn]ack"),
    ("RTCP (sender reports, receiver reports)", r"[Rr]tcp|SenderReport|ReceiverReport"),
    ("DTLS / ICE (Bouncy Castle, ice4j)", r"org/bouncycastle|org/ice4j|org/jitsi|io/strom/ice"),
    ("socket writes (UDP send, kernel)", r"sendmsg|sendto|sendmmsg|DatagramChannelImpl\.send|DatagramChannelImpl\.write|udp_send|ip_output|ip_finish_output|__dev_queue_xmit|loopback_xmit|netif_rx|__sys_sendto|Native\.send|doWriteMessages|NioDatagramChannel\.doWrite|EpollDatagramChannel\.doWrite"),
    ("socket reads (RTSP/TCP in, UDP in)", r"recvmsg|recvfrom|tcp_recvmsg|udp_recvmsg|Native\.read|doReadBytes|doReadMessages|readBytes|__sys_recv"),
    ("scheduling (event loops, wake-ups, timers, parking)", r"epoll_wait|epoll_ctl|EventLoop|SingleThreadEventExecutor|runAllTasks|ScheduledFutureTask|Unsafe\.park|futex|schedule|__x64_sys_futex|do_syscall_64.*futex|eventfd|wakeup|LockSupport"),
    ("stream fan-out (core: queues, drains)", r"io/strom/core"),
    ("RTP packetisation and session (webrtc bundle)", r"io/strom/webrtc|io/strom/codec"),
    ("RTSP ingest", r"io/strom/rtsp"),
    ("Netty buffers and pipeline", r"io/netty"),
    ("JVM: GC", r"G1|GC|gc_|Parallel|Concurrent.*Thread|Mark"),
    ("JVM: JIT compiler", r"Compile|C2|C1|Compilation"),
]


def read(path):
    stacks = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            stack, _, count = line.rpartition(" ")
            stacks.append((stack.split(";"), int(count)))
    return stacks


def clean(frame):
    return re.sub(r"_\[[jikia0-9]\]$", "", frame)


def cpu(path):
    stacks = read(path)
    total = sum(c for _, c in stacks)
    inclusive = collections.Counter()
    groups = collections.Counter()
    for frames, count in stacks:
        for frame in set(clean(f) for f in frames):
            inclusive[frame] += count
        group = "other (libc, JVM runtime, unresolved)"
        for frame in reversed(frames):
            hit = next((g for g, p in GROUPS if re.search(p, frame)), None)
            if hit:
                group = hit
                break
        groups[group] += count
    print("CPU samples: %d (1 ms interval)\n" % total)
    print("| group (frame nearest the leaf) | samples | share |")
    print("|---|---:|---:|")
    for g, c in groups.most_common():
        print("| %s | %d | %.1f %% |" % (g, c, 100.0 * c / total))
    print("\nTop-10 cumulative frames (thread roots, `Thread.run` and Netty's generic executor frames left out):\n")
    print("| frame | samples on stack | share |")
    print("|---|---:|---:|")
    skip = re.compile(r"^(\[.*\]|start_thread|thread_native_entry|java/lang/Thread\.run|Thread::call_run|JavaThread::|"
                      r"io/netty/util/internal/ThreadExecutorMap|io/netty/util/concurrent/|io/netty/channel/SingleThreadIoEventLoop\.run|"
                      r"entry_SYSCALL_64_after_hwframe|do_syscall_64|java/util/concurrent/ThreadPoolExecutor)")
    shown = 0
    for frame, c in inclusive.most_common():
        if skip.search(frame):
            continue
        print("| `%s` | %d | %.1f %% |" % (frame, c, 100.0 * c / total))
        shown += 1
        if shown == 10:
            break


def alloc(path):
    stacks = read(path)
    total = sum(c for _, c in stacks)
    by_type = collections.Counter()
    by_site = collections.Counter()
    for frames, count in stacks:
        by_type[clean(frames[-1])] += count
        java = [f for f in frames[:-1] if "/" in f or "." in f]
        by_site["%s <- %s" % (clean(frames[-1]), clean(java[-1]) if java else "?")] += count
    print("\nAllocation samples: %.1f MB in total (async-profiler `alloc`, TLAB-driven sampling)\n" % (total / 1e6))
    print("| allocated type <- allocating frame | MB | share |")
    print("|---|---:|---:|")
    for site, c in by_site.most_common(10):
        print("| `%s` | %.1f | %.1f %% |" % (site, c / 1e6, 100.0 * c / total))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cpu(sys.argv[1])
    if len(sys.argv) > 2:
        alloc(sys.argv[2])
