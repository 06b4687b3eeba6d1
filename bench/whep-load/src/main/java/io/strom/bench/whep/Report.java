package io.strom.bench.whep;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The run's summary (JSON) and per-reader lines (CSV). */
final class Report {
    private final Options options;
    long cpuStart;
    long cpuEnd;
    long wallNanos;
    long settledNanos;
    long offersInWindow;
    private WhepLoad.Snapshot start;
    private WhepLoad.Snapshot end;
    private long serverRssKb = -1;

    Report(Options options) {
        this.options = options;
    }

    void start(WhepLoad load, WhepLoad.Snapshot s) {
        start = s;
    }

    void end(WhepLoad load, WhepLoad.Snapshot s) {
        end = s;
        if (options.serverPid > 0) {
            serverRssKb = ProcStat.rssKb(options.serverPid);
        }
    }

    int connected(List<Reader> readers) {
        int n = 0;
        for (Reader r : readers) {
            n += r.firstMediaNanos != 0 ? 1 : 0;
        }
        return n;
    }

    void write(List<Reader> readers) throws IOException {
        int n = readers.size();
        List<Long> packets = new ArrayList<>();
        List<Long> frames = new ArrayList<>();
        List<Long> markers = new ArrayList<>();
        List<Long> windowPackets = new ArrayList<>();
        List<Long> windowFrames = new ArrayList<>();
        List<Long> connectMs = new ArrayList<>();
        Map<String, Integer> failures = new TreeMap<>();
        Map<String, Integer> profiles = new TreeMap<>();
        long expected = 0;
        long lost = 0;
        long duplicates = 0;
        long recovered = 0;
        long nacked = 0;
        long nackPackets = 0;
        long reports = 0;
        long decrypted = 0;
        long authFailures = 0;
        long stray = 0;
        long dropped = 0;
        long stunBad = 0;
        long windowTotal = 0;
        int below98 = 0;
        int stalled = 0;
        int inWindow = 0;
        long endNanos = end == null ? System.nanoTime() : end.nanos;
        for (int i = 0; i < n; i++) {
            Reader r = readers.get(i);
            if (r.failure != null) {
                failures.merge(r.failure.replaceAll("[0-9]{3,}", "#"), 1, Integer::sum);
            }
            if (r.firstMediaNanos == 0) {
                continue;
            }
            profiles.merge(profileName(r.profile), 1, Integer::sum);
            packets.add(r.rtpPackets);
            frames.add(r.frames());
            markers.add(r.markers());
            connectMs.add((r.firstMediaNanos - r.startNanos) / 1_000_000);
            long e = expected(r);
            expected += e;
            lost += lost(r);
            if (e > 0 && (e - lost(r)) * 100 < e * 98) {
                below98++;
            }
            for (RtpStream s : streams(r)) {
                duplicates += s.duplicates;
                recovered += s.recovered;
                nacked += s.nacked;
            }
            nackPackets += r.nackPackets;
            reports += r.receiverReports;
            decrypted += r.decrypted;
            authFailures += r.authFailures;
            stray += r.strayPackets;
            dropped += r.dropped;
            stunBad += r.stunBadRequests;
            if (start != null && end != null && i < start.packets.length && start.receiving[i] && end.receiving[i]) {
                inWindow++;
                windowPackets.add(end.packets[i] - start.packets[i]);
                windowFrames.add(end.frames[i] - start.frames[i]);
            }
            if (start != null && end != null && i < end.packets.length) {
                windowTotal += end.packets[i] - (i < start.packets.length ? start.packets[i] : 0);
            }
            if (endNanos - r.lastMediaNanos > 3_000_000_000L) {
                stalled++;
            }
        }
        StringBuilder j = new StringBuilder(2048).append("{\n");
        field(j, "label", quote(options.label));
        field(j, "url", quote(options.url.toString()));
        field(j, "mode", quote(options.churnPerMinute > 0 ? "churn" : "steady"));
        field(j, "readers", Integer.toString(n));
        field(j, "connected", Integer.toString(packets.size()));
        field(j, "failed", Integer.toString(failures.values().stream().mapToInt(Integer::intValue).sum()));
        field(j, "failures", map(failures));
        field(j, "srtp_profiles", map(profiles));
        field(j, "sample_one_in", Integer.toString(options.sample));
        field(j, "settle_s", settledNanos < 0 ? "null" : fmt(settledNanos / 1e9));
        field(j, "connect_ms", stats(connectMs));
        field(j, "packets_per_reader", stats(packets));
        field(j, "frames_per_reader", stats(frames));
        field(j, "marker_packets_per_reader", stats(markers));
        field(j, "expected_packets", Long.toString(expected));
        field(j, "lost_packets", Long.toString(lost));
        field(j, "loss_pct", expected == 0 ? "null" : fmt(100.0 * lost / expected));
        field(j, "readers_below_98pct", Integer.toString(below98));
        field(j, "readers_stalled", Integer.toString(stalled));
        field(j, "duplicates", Long.toString(duplicates));
        field(j, "recovered_by_retransmission", Long.toString(recovered));
        field(j, "nacked_packets", Long.toString(nacked));
        field(j, "nack_rtcp_packets", Long.toString(nackPackets));
        field(j, "receiver_reports", Long.toString(reports));
        field(j, "sampled_decrypted", Long.toString(decrypted));
        field(j, "sampled_auth_failures", Long.toString(authFailures));
        field(j, "stray_datagrams", Long.toString(stray));
        field(j, "dropped_on_purpose", Long.toString(dropped));
        field(j, "stun_requests_failing_integrity", Long.toString(stunBad));
        if (start != null && end != null) {
            double seconds = (end.nanos - start.nanos) / 1e9;
            field(j, "window_s", fmt(seconds));
            field(j, "window_readers", Integer.toString(inWindow));
            field(j, "window_offers", Long.toString(offersInWindow));
            field(j, "window_packets", Long.toString(windowTotal));
            field(j, "window_packets_per_s", fmt(windowTotal / seconds));
            field(j, "window_packets_per_reader", stats(windowPackets));
            field(j, "window_frames_per_reader", stats(windowFrames));
            field(j, "load_cpu_pct", fmt(100.0 * (end.cpuNanos - start.cpuNanos) / (end.nanos - start.nanos)));
            if (start.serverTicks >= 0 && end.serverTicks >= 0) {
                long ticks = end.serverTicks - start.serverTicks;
                double cpuSeconds = (double) ticks / ProcStat.TICKS_PER_SECOND;
                field(j, "server_cpu_pct", fmt(100.0 * cpuSeconds / seconds));
                field(j, "server_us_per_packet", windowTotal == 0 ? "null" : fmt(cpuSeconds * 1e6 / windowTotal));
                field(j, "server_rss_mb", fmt(serverRssKb / 1024.0));
            }
        }
        field(j, "load_cpu_s_total", fmt((cpuEnd - cpuStart) / 1e9));
        j.append("  \"wall_s\": ").append(fmt(wallNanos / 1e9)).append("\n}\n");
        if (options.json != null) {
            Files.writeString(options.json, j);
        } else {
            System.out.print(j);
        }
        if (options.csv != null) {
            csv(readers);
        }
    }

    private void csv(List<Reader> readers) throws IOException {
        StringBuilder c = new StringBuilder("reader,state,profile,connect_ms,ice_ms,dtls_ms,video_packets,audio_packets,frames,"
                + "markers,expected,lost,duplicates,recovered,nacked,receiver_reports,decrypted,auth_failures,failure\n");
        for (Reader r : readers) {
            c.append(r.id).append(',').append(r.state).append(',').append(profileName(r.profile)).append(',')
                    .append(ms(r.firstMediaNanos, r.startNanos)).append(',').append(ms(r.iceNanos, r.startNanos)).append(',')
                    .append(ms(r.dtlsNanos, r.startNanos)).append(',')
                    .append(r.video == null ? 0 : r.video.unique).append(',').append(r.audio == null ? 0 : r.audio.unique).append(',')
                    .append(r.frames()).append(',').append(r.markers()).append(',').append(expected(r)).append(',').append(lost(r)).append(',');
            long dup = 0;
            long rec = 0;
            long nack = 0;
            for (RtpStream s : streams(r)) {
                dup += s.duplicates;
                rec += s.recovered;
                nack += s.nacked;
            }
            c.append(dup).append(',').append(rec).append(',').append(nack).append(',').append(r.receiverReports).append(',')
                    .append(r.decrypted).append(',').append(r.authFailures).append(',')
                    .append(r.failure == null ? "" : quote(r.failure)).append('\n');
        }
        Files.writeString(options.csv, c);
    }

    private static long ms(long nanos, long startNanos) {
        return nanos == 0 ? -1 : (nanos - startNanos) / 1_000_000;
    }

    private static List<RtpStream> streams(Reader r) {
        List<RtpStream> s = new ArrayList<>(2);
        if (r.video != null) {
            s.add(r.video);
        }
        if (r.audio != null) {
            s.add(r.audio);
        }
        return s;
    }

    private static long expected(Reader r) {
        return streams(r).stream().mapToLong(RtpStream::expected).sum();
    }

    private static long lost(Reader r) {
        return streams(r).stream().mapToLong(RtpStream::lost).sum();
    }

    static String profileName(int profile) {
        return switch (profile) {
            case SrtpCrypto.AEAD_AES_128_GCM -> "AEAD_AES_128_GCM";
            case SrtpCrypto.AES128_CM_HMAC_SHA1_80 -> "AES_CM_128_HMAC_SHA1_80";
            case -1 -> "none";
            default -> "0x" + Integer.toHexString(profile);
        };
    }

    private static String stats(List<Long> values) {
        if (values.isEmpty()) {
            return "null";
        }
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        long median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return "{\"min\": " + v[0] + ", \"median\": " + median + ", \"max\": " + v[v.length - 1] + "}";
    }

    private static String map(Map<String, Integer> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(quote(k)).append(": ").append(v));
        return b.append('}').toString();
    }

    private static void field(StringBuilder j, String name, String value) {
        j.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
