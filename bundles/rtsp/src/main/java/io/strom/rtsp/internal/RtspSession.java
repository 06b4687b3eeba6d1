package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Unit;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import io.strom.codec.H264Payloads;
import io.strom.codec.RtpPackets;
import io.strom.codec.SdpDescription;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * One RTSP session on one connection: it publishes a path (ANNOUNCE, SETUP, RECORD) or reads one
 * (DESCRIBE, SETUP, PLAY). Everything runs on the connection's event loop, so no field needs
 * synchronisation; the stream core calls {@link #onUnit} there too (it is the reader's executor).
 *
 * <p>Publishing: each interleaved RTP frame becomes one {@link Unit} that takes the frame's
 * buffer (no copy); a frame on a channel nobody set up, or that is not RTP, is counted and
 * dropped. Reading: a unit's RTP packets are written with their interleaved header; the reader
 * starts on an H264 random-access point; when the socket cannot take more, whole units are
 * dropped and counted rather than queued; the writes of one event-loop turn go out in one flush.
 */
final class RtspSession implements io.strom.api.path.Publisher, Reader {

    enum State { ANNOUNCED, RECORDING, READY, PLAYING }

    final String id;
    final Instant created = Instant.now();
    private final Channel channel;
    private final Runnable flushTask = this::flush;
    State state;
    String path;

    // Publishing
    SdpDescription announced;
    private final int[] trackOfChannel = new int[256];
    private boolean[] h264;
    private PublisherHandle publishing;

    // Reading
    MediaDescription readDescription;
    private int[] channelOfTrack;
    private int keyframeTrack = -1;
    private boolean waitingForKeyframe;
    private ReaderHandle reading;
    private boolean flushScheduled;

    // Counters, for the API and for tests
    long bytesReceived;
    long bytesSent;
    long framesDropped;
    long unitsDropped;

    RtspSession(String id, Channel channel) {
        this.id = id;
        this.channel = channel;
        Arrays.fill(trackOfChannel, -1);
    }

    // ---- publishing

    void announce(String path, SdpDescription sdp) {
        this.path = path;
        this.announced = sdp;
        this.state = State.ANNOUNCED;
        int n = sdp.description().tracks().size();
        h264 = new boolean[n];
        for (int i = 0; i < n; i++) {
            h264[i] = "H264".equals(sdp.description().tracks().get(i).format().codec());
        }
    }

    void setupPublish(int track, int rtpChannel) {
        trackOfChannel[rtpChannel] = track;
    }

    boolean anyPublishTrackSetUp() {
        return Arrays.stream(trackOfChannel).anyMatch(t -> t >= 0);
    }

    void record(PublisherHandle handle) {
        publishing = handle;
        state = State.RECORDING;
    }

    /** An interleaved frame from the client; takes ownership of it. */
    void onFrame(InterleavedFrame frame) {
        ByteBuf packet = frame.content();
        bytesReceived += packet.readableBytes() + 4;
        int ch = frame.channel();
        if ((ch & 1) == 1) {
            frame.release(); // the publisher's RTCP: not forwarded (readers get the server's own)
            return;
        }
        int track = trackOfChannel[ch];
        if (state != State.RECORDING || track < 0) {
            framesDropped++; // before RECORD, or on a channel never set up
            frame.release();
            return;
        }
        int offset = RtpPackets.payloadOffset(packet);
        if (offset < 0) {
            framesDropped++;
            frame.release();
            return;
        }
        boolean randomAccess = !h264[track]
                || H264Payloads.isRandomAccess(packet, packet.readerIndex() + offset, RtpPackets.payloadLength(packet));
        long ts = RtpPackets.timestamp(packet);
        publishing.write(Unit.newUnit(track, ts, ts, randomAccess).addRtpPacket(packet));
    }

    // ---- reading

    void setupRead(String path, MediaDescription description, int track, int rtpChannel) {
        if (readDescription == null) {
            this.path = path;
            this.readDescription = description;
            this.channelOfTrack = new int[description.tracks().size()];
            Arrays.fill(channelOfTrack, -1);
            this.state = State.READY;
        }
        channelOfTrack[track] = rtpChannel;
        if (keyframeTrack < 0 && description.tracks().get(track).kind() == MediaKind.VIDEO
                && "H264".equals(description.tracks().get(track).format().codec())) {
            keyframeTrack = track;
        }
    }

    void play(ReaderHandle handle) {
        reading = handle;
        waitingForKeyframe = keyframeTrack >= 0;
        state = State.PLAYING;
    }

    void pause() {
        if (reading != null) {
            reading.close();
            reading = null;
        }
        state = State.READY;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public void onUnit(Unit unit) {
        int track = unit.track();
        if (state != State.PLAYING || track >= channelOfTrack.length || channelOfTrack[track] < 0) {
            return;
        }
        if (waitingForKeyframe && track == keyframeTrack) {
            if (!unit.isRandomAccess()) {
                return;
            }
            waitingForKeyframe = false;
        }
        if (!channel.isWritable()) {
            unitsDropped++;
            return;
        }
        int rtpChannel = channelOfTrack[track];
        for (int i = 0; i < unit.rtpPacketCount(); i++) {
            ByteBuf packet = unit.rtpPacket(i);
            int length = packet.readableBytes();
            ByteBuf header = channel.alloc().buffer(4).writeByte('$').writeByte(rtpChannel).writeShort(length);
            channel.write(header, channel.voidPromise());
            channel.write(packet.retainedDuplicate(), channel.voidPromise());
            bytesSent += 4 + length;
        }
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flush() {
        flushScheduled = false;
        channel.flush();
    }

    // ---- both

    @Override
    public String type() {
        return "rtspSession";
    }

    @Override
    public String id() {
        return id;
    }

    /** The core ends the session (publisher replaced or gone, path removed): the connection closes. */
    @Override
    public void close(String reason) {
        channel.close();
    }

    /** Releases the session's hold on the stream core; idempotent. */
    void end() {
        if (publishing != null) {
            publishing.close();
            publishing = null;
        }
        if (reading != null) {
            reading.close();
            reading = null;
        }
    }

    String stateName() {
        return state == State.RECORDING ? "publish" : state == State.PLAYING ? "read" : "idle";
    }
}
