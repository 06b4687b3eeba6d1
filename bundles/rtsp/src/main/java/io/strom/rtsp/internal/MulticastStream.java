package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.Unit;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import io.strom.codec.KeyframeGate;
import io.strom.codec.SenderReports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One path sent to a multicast group per track: a single reader of the stream, however many
 * RTSP sessions watch it, so the server sends each packet once (RFC 2326 multicast delivery).
 *
 * <p>It attaches to the stream when the first session sets it up and leaves when the last one
 * ends; the publisher going away closes every member session. Runs on the multicast socket's
 * event loop; starts sending at a video keyframe; sends an RTCP sender report per
 * track every second to the group's RTCP port.
 */
final class MulticastStream implements Reader {

    private final RtspMulticast owner;
    final String path;
    final MediaDescription description;
    private final Channel socket;
    private final InetAddress[] groups;
    private final InetSocketAddress[] rtpTo;
    private final InetSocketAddress[] rtcpTo;
    private final KeyframeGate gate;
    private final SenderReports reports;
    private final Set<RtspSession> members = ConcurrentHashMap.newKeySet();
    private volatile ReaderHandle handle;
    private boolean flushScheduled;
    private final Runnable flushTask = this::flush;

    MulticastStream(RtspMulticast owner, String path, MediaDescription description, Channel socket,
                    InetAddress[] groups, int rtpPort, int rtcpPort) {
        this.owner = owner;
        this.path = path;
        this.description = description;
        this.socket = socket;
        this.groups = groups;
        int n = groups.length;
        this.rtpTo = new InetSocketAddress[n];
        this.rtcpTo = new InetSocketAddress[n];
        for (int t = 0; t < n; t++) {
            rtpTo[t] = new InetSocketAddress(groups[t], rtpPort);
            rtcpTo[t] = new InetSocketAddress(groups[t], rtcpPort);
        }
        this.gate = new KeyframeGate(description);
        this.reports = new SenderReports(description);
        gate.arm(true);
    }

    InetAddress[] groups() {
        return groups;
    }

    /** The Transport header answering a SETUP of {@code track}. */
    String transportHeader(int track) {
        return "RTP/AVP;multicast;destination=" + groups[track].getHostAddress() + ";port=" + rtpTo[track].getPort()
                + "-" + rtcpTo[track].getPort() + ";ttl=" + RtspMulticast.TTL;
    }

    void attach(ReaderHandle handle) {
        this.handle = handle;
        socket.eventLoop().execute(this::scheduleReport);
    }

    void addMember(RtspSession session) {
        members.add(session);
    }

    /** Removes a member; answers whether none is left. */
    boolean removeMember(RtspSession session) {
        members.remove(session);
        return members.isEmpty();
    }

    /** Leaves the stream; idempotent. */
    void detach() {
        ReaderHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
    }

    @Override
    public boolean readsAccessUnits() {
        return false;
    }

    @Override
    public Executor executor() {
        return socket.eventLoop();
    }

    @Override
    public void onUnit(Unit unit) {
        int track = unit.track();
        if (unit.rtpPacketCount() == 0 || handle == null || track >= groups.length) {
            return;
        }
        if (!gate.pass(unit)) {
            return;
        }
        if (!socket.isWritable()) {
            return;
        }
        int count = unit.rtpPacketCount();
        for (int i = 0; i < count; i++) {
            ByteBuf packet = unit.rtpPacket(i);
            reports.sent(track, packet);
            socket.write(new DatagramPacket(packet.retainedDuplicate(), rtpTo[track]), socket.voidPromise());
        }
        if (!flushScheduled) {
            flushScheduled = true;
            socket.eventLoop().execute(flushTask);
        }
    }

    private void flush() {
        flushScheduled = false;
        socket.flush();
    }

    private void scheduleReport() {
        if (handle != null) {
            socket.eventLoop().schedule(this::report, 1, TimeUnit.SECONDS);
        }
    }

    private void report() {
        if (handle == null) {
            return;
        }
        reports.report(socket.alloc(), (track, sr) -> socket.write(new DatagramPacket(sr, rtcpTo[track]), socket.voidPromise()));
        socket.flush();
        scheduleReport();
    }

    @Override
    public String type() {
        return "rtspMulticast";
    }

    @Override
    public String id() {
        return "multicast:" + path;
    }

    /** The core ends the stream (publisher gone): every member session closes. */
    @Override
    public void close(String reason) {
        handle = null;
        owner.forget(this);
        members.forEach(s -> s.close(reason));
    }
}
