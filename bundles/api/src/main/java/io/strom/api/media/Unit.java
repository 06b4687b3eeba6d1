package io.strom.api.media;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.Recycler;
import java.util.Arrays;

/**
 * One unit of media for one track: RTP packets, an access unit, or both, with its timestamps.
 *
 * <p>A unit is written once by a publisher and shared by reference by every reader of the
 * stream: the stream {@linkplain #retain() retains} it once per reader queue, and each queue
 * releases it after its reader has seen it. Units are recycled (Netty {@link Recycler}), so
 * steady-state streaming allocates neither units nor buffers (pooled {@link ByteBuf}s).
 *
 * <p>Ownership: {@link #addRtpPacket} and {@link #setAccessUnit} take ownership of the buffer;
 * the unit releases it when its own count reaches zero. The getters return borrowed buffers: a
 * reader that keeps one after its callback returns must {@code retain()} it (or a
 * {@code retainedSlice()}). Readers must not change a buffer's content or indices; use
 * {@code duplicate()} to read with other indices.
 *
 * <p>The access-unit layout is the codec's (the {@code codec} bundle defines it per format).
 * Timestamps are in the track's clock rate.
 */
public final class Unit extends AbstractReferenceCounted {

    /** The most RTP packets one unit may carry (one large video frame at a small MTU). */
    public static final int MAX_RTP_PACKETS = 4096;

    private static final Recycler<Unit> RECYCLER = new Recycler<>() {
        @Override
        protected Unit newObject(Handle<Unit> handle) {
            return new Unit(handle);
        }
    };

    private final Recycler.Handle<Unit> handle;
    private ByteBuf[] rtpPackets = new ByteBuf[1];
    private int rtpPacketCount;
    private ByteBuf accessUnit;
    private int track;
    private long pts;
    private long dts;
    private boolean randomAccess;
    private boolean derived;

    private Unit(Recycler.Handle<Unit> handle) {
        this.handle = handle;
    }

    /**
     * A unit with a reference count of 1 and no payload yet.
     *
     * @param track        index of the track in the stream's description
     * @param pts          presentation timestamp, in the track's clock rate
     * @param dts          decoding timestamp, in the track's clock rate (equal to pts without reordering)
     * @param randomAccess whether a decoder can start here (an IDR/keyframe; always true for audio)
     */
    public static Unit newUnit(int track, long pts, long dts, boolean randomAccess) {
        if (track < 0 || track >= MediaDescription.MAX_TRACKS) {
            throw new IllegalArgumentException("track " + track + " is outside 0.." + (MediaDescription.MAX_TRACKS - 1));
        }
        Unit unit = RECYCLER.get();
        unit.setRefCnt(1);
        unit.track = track;
        unit.pts = pts;
        unit.dts = dts;
        unit.randomAccess = randomAccess;
        unit.derived = false;
        return unit;
    }

    /** Appends an RTP packet; takes ownership of {@code packet}. */
    public Unit addRtpPacket(ByteBuf packet) {
        ensureAccessible();
        if (rtpPacketCount == MAX_RTP_PACKETS) {
            packet.release();
            throw new IllegalStateException("more than " + MAX_RTP_PACKETS + " RTP packets in one unit");
        }
        if (rtpPacketCount == rtpPackets.length) {
            rtpPackets = Arrays.copyOf(rtpPackets, rtpPackets.length * 2);
        }
        rtpPackets[rtpPacketCount++] = packet;
        return this;
    }

    /** Sets the access unit; takes ownership of {@code data} and releases any previous one. */
    public Unit setAccessUnit(ByteBuf data) {
        ensureAccessible();
        if (accessUnit != null) {
            accessUnit.release();
        }
        accessUnit = data;
        return this;
    }

    /**
     * Marks this unit as carrying, in another form, media that units written before it already
     * carried (an access unit a publisher assembled from RTP packets it wrote): statistics do
     * not count it as received again.
     */
    public Unit setDerived() {
        derived = true;
        return this;
    }

    public boolean isDerived() {
        return derived;
    }

    public int track() {
        return track;
    }

    public long pts() {
        return pts;
    }

    public long dts() {
        return dts;
    }

    public boolean isRandomAccess() {
        return randomAccess;
    }

    public int rtpPacketCount() {
        return rtpPacketCount;
    }

    /** The {@code i}-th RTP packet; borrowed. */
    public ByteBuf rtpPacket(int i) {
        if (i < 0 || i >= rtpPacketCount) {
            throw new IndexOutOfBoundsException("packet " + i + " of " + rtpPacketCount);
        }
        return rtpPackets[i];
    }

    /** The access unit, or {@code null} if this unit carries only RTP packets; borrowed. */
    public ByteBuf accessUnit() {
        return accessUnit;
    }

    /** Bytes of payload this unit carries: its RTP packets, or else its access unit. */
    public int size() {
        if (rtpPacketCount == 0) {
            return accessUnit == null ? 0 : accessUnit.readableBytes();
        }
        int sum = 0;
        for (int i = 0; i < rtpPacketCount; i++) {
            sum += rtpPackets[i].readableBytes();
        }
        return sum;
    }

    @Override
    public Unit retain() {
        super.retain();
        return this;
    }

    @Override
    public Unit touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        for (int i = 0; i < rtpPacketCount; i++) {
            rtpPackets[i].release();
            rtpPackets[i] = null;
        }
        rtpPacketCount = 0;
        if (accessUnit != null) {
            accessUnit.release();
            accessUnit = null;
        }
        handle.recycle(this);
    }

    private void ensureAccessible() {
        if (refCnt() == 0) {
            throw new IllegalStateException("unit already released");
        }
    }

    @Override
    public String toString() {
        return "Unit[track=" + track + ", pts=" + pts + ", rtp=" + rtpPacketCount
                + ", au=" + (accessUnit == null ? 0 : accessUnit.readableBytes()) + "]";
    }
}
