package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import io.strom.api.media.Unit;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.codec.RtpFormats;
import io.strom.codec.RtpPacketizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An RTMP publisher (after {@code publish}): FLV audio and video messages become units that
 * carry both the access unit (for remuxing readers) and its RTP packets (for RTSP and WebRTC
 * readers), so the stream is packetized once, whatever the number of readers.
 *
 * <p>The path's description needs the tracks' formats, which come in sequence headers after
 * {@code publish}: frames are held (at most {@value #MAX_HELD} of them) until every track the
 * metadata announced has its header, or the first frame arrives without metadata announcing
 * anything; then the publisher joins the path and the held frames follow. Runs on the
 * connection's event loop.
 */
final class RtmpPublisher implements Publisher {

    private static final int MAX_HELD = 300;

    private final RtmpConn conn;
    final String path;
    private final PathManager pathManager;
    private final ByteBufAllocator alloc;
    private final FlvVideoReader videoReader;
    private boolean expectVideo;
    private boolean expectAudio;
    private boolean announced;
    private Format videoFormat;
    private Format audioFormat;
    private final List<Held> held = new ArrayList<>();
    private PublisherHandle handle;
    private int videoTrack = -1;
    private int audioTrack = -1;
    private RtpPacketizer videoPacketizer;
    private RtpPacketizer audioPacketizer;
    long framesDropped;

    /** A frame received before the publisher could join its path. */
    private record Held(boolean video, long timestamp, boolean keyframe, int compositionTime, ByteBuf data) {
    }

    RtmpPublisher(RtmpConn conn, String path, PathManager pathManager, ByteBufAllocator alloc) {
        this.conn = conn;
        this.path = path;
        this.pathManager = pathManager;
        this.alloc = alloc;
        this.videoReader = new FlvVideoReader(alloc);
    }

    /** {@code @setDataFrame onMetaData}: which tracks will come. */
    void onMetaData(Map<String, Object> metadata) {
        if (metadata == null || handle != null) {
            return;
        }
        announced = true;
        expectVideo = metadata.get("videocodecid") != null;
        expectAudio = metadata.get("audiocodecid") != null;
    }

    /** A video message body (borrowed). */
    void onVideo(ByteBuf body, long timestamp) throws FlvException, PathException {
        FlvVideo v = videoReader.read(body);
        if (v == null) {
            return;
        }
        if (v.isSequenceHeader()) {
            if (handle == null) {
                videoFormat = v.format();
                tryStart(false);
            }
            return;
        }
        if (handle == null) {
            hold(new Held(true, timestamp, v.keyframe(), v.compositionTime(), v.accessUnit()));
            return;
        }
        writeVideo(timestamp, v.keyframe(), v.compositionTime(), v.accessUnit());
    }

    /** An audio message body (borrowed). */
    void onAudio(ByteBuf body, long timestamp) throws FlvException, PathException {
        FlvAudio a = FlvAudioReader.read(body);
        if (a.format() != null && handle == null && audioFormat == null) {
            audioFormat = a.format();
            tryStart(false);
        }
        if (a.isSequenceHeader()) {
            return;
        }
        if (handle == null) {
            hold(new Held(false, timestamp, true, 0, a.frame()));
            return;
        }
        writeAudio(timestamp, a.frame());
    }

    private void hold(Held frame) throws PathException {
        if (held.size() >= MAX_HELD) {
            frame.data().release();
            framesDropped++;
            return;
        }
        held.add(frame);
        tryStart(true);
    }

    /** Joins the path once the formats are known (see the class comment). */
    private void tryStart(boolean frameArrived) throws PathException {
        boolean complete = announced
                ? (!expectVideo || videoFormat != null) && (!expectAudio || audioFormat != null)
                : frameArrived;
        if (handle != null || !complete || (videoFormat == null && audioFormat == null)) {
            return;
        }
        List<Track> tracks = new ArrayList<>();
        if (videoFormat != null) {
            videoTrack = tracks.size();
            tracks.add(new Track(videoTrack, MediaKind.VIDEO, videoFormat));
        }
        if (audioFormat != null) {
            audioTrack = tracks.size();
            tracks.add(new Track(audioTrack, MediaKind.AUDIO, audioFormat));
        }
        handle = pathManager.addPublisher(new AddPublisherRequest(path, this, new MediaDescription(tracks)));
        videoPacketizer = videoFormat == null ? null : packetizer(videoFormat);
        audioPacketizer = audioFormat == null ? null : packetizer(audioFormat);
        conn.published(this, tracks);
        for (Held h : held) {
            if (h.video()) {
                writeVideo(h.timestamp(), h.keyframe(), h.compositionTime(), h.data());
            } else {
                writeAudio(h.timestamp(), h.data());
            }
        }
        held.clear();
    }

    private RtpPacketizer packetizer(Format format) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return RtpFormats.packetizer(format,
                RtpPacketizer.Options.of(alloc, format.payloadType(), r.nextInt() & 0xFFFFFFFFL, r.nextInt(0x10000)))
                .orElse(null);
    }

    /** Writes a video frame (takes ownership of {@code accessUnit}); RTMP time is in ms, RTP video in 90 kHz. */
    private void writeVideo(long timestamp, boolean keyframe, int compositionTime, ByteBuf accessUnit) {
        if (videoTrack < 0) {
            accessUnit.release();
            return;
        }
        long dts = timestamp * 90;
        long pts = (timestamp + compositionTime) * 90;
        write(videoTrack, videoPacketizer, pts, dts, keyframe, accessUnit);
    }

    private void writeAudio(long timestamp, ByteBuf frame) {
        if (audioTrack < 0) {
            frame.release();
            return;
        }
        long pts = timestamp * audioFormat.clockRate() / 1000;
        write(audioTrack, audioPacketizer, pts, pts, true, frame);
    }

    private void write(int track, RtpPacketizer packetizer, long pts, long dts, boolean randomAccess, ByteBuf au) {
        Unit unit = Unit.newUnit(track, pts, dts, randomAccess).setAccessUnit(au);
        // Packetized once for every RTP reader, and not at all while there is none.
        if (packetizer != null && handle.hasRtpReaders() && !packetizer.packetize(au, pts, unit::addRtpPacket)) {
            framesDropped++;
        }
        handle.write(unit);
    }

    /** Leaves the path and releases held frames; idempotent. */
    void end() {
        held.forEach(h -> h.data().release());
        held.clear();
        PublisherHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
    }

    boolean started() {
        return handle != null;
    }

    @Override
    public String type() {
        return conn.type();
    }

    @Override
    public String id() {
        return conn.id();
    }

    @Override
    public void close(String reason) {
        conn.close(reason);
    }
}
