package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import io.strom.api.media.Unit;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RTMP reader (after {@code play}): the stream's access units become FLV video and audio
 * messages. RTMP carries one video track (H264, or H265, AV1 and VP9 as Enhanced RTMP) and one
 * audio track (AAC, MP3, G711); other tracks are left out with a log line (Opus, say, from an
 * RTSP or WebRTC publisher).
 *
 * <p>It starts at a video keyframe (audio before it is skipped, so both start together) and
 * times every message from that keyframe in milliseconds, on the stream's common time line, so
 * audio and video stay in sync. When the socket cannot take more, frames are dropped and video
 * waits for the next keyframe. Runs on the connection's event loop.
 */
final class RtmpReader implements Reader {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpReader.class);
    private static final Set<String> VIDEO = Set.of("H264", "H265", "AV1", "VP9");
    private static final Set<String> AUDIO = Set.of(FlvAudioReader.AAC, FlvAudioReader.MP3, "G711");
    static final int VIDEO_CSID = 6;
    static final int AUDIO_CSID = 4;
    static final int DATA_CSID = 5;

    private final RtmpConn conn;
    private final Channel channel;
    final String path;
    private final int streamId;
    private Track video;
    private Track audio;
    private volatile ReaderHandle handle;
    private boolean videoHeaderSent;
    private boolean started;
    private boolean videoFlowing;
    private long baseMillis;
    private boolean flushScheduled;
    private final Runnable flushTask = this::flush;
    long framesDropped;

    RtmpReader(RtmpConn conn, Channel channel, String path, int streamId) {
        this.conn = conn;
        this.channel = channel;
        this.path = path;
        this.streamId = streamId;
    }

    /** Picks the tracks RTMP can carry and sends the metadata and audio header; on the event loop. */
    void start(ReaderHandle handle) throws FlvException {
        MediaDescription description = handle.description();
        for (Track t : description.tracks()) {
            String codec = t.format().codec();
            if (t.kind() == MediaKind.VIDEO && video == null && VIDEO.contains(codec)) {
                video = t;
            } else if (t.kind() == MediaKind.AUDIO && audio == null && AUDIO.contains(codec)) {
                audio = t;
            } else {
                LOG.info("RTMP reader {} of '{}' gets no {} track: RTMP cannot carry it", conn.id(), path, codec);
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        if (video != null) {
            meta.put("videocodecid", video.format().codec().equals("H264") ? 7.0 : 12.0);
        }
        if (audio != null) {
            meta.put("audiocodecid", audio.format().codec().equals(FlvAudioReader.AAC) ? 10.0 : 2.0);
        }
        conn.send(new RtmpMessage(DATA_CSID, RtmpMessageTypes.DATA_AMF0, streamId, 0,
                RtmpData.onMetaData(meta).encode(channel.alloc())));
        if (audio != null) {
            ByteBuf header = FlvWriter.audioSequenceHeader(audio.format(), channel.alloc());
            if (header != null) {
                conn.send(new RtmpMessage(AUDIO_CSID, RtmpMessageTypes.AUDIO, streamId, 0, header));
            }
        }
        if (video != null) {
            ByteBuf header = FlvWriter.videoSequenceHeader(video.format(), channel.alloc());
            if (header != null) {
                conn.send(new RtmpMessage(VIDEO_CSID, RtmpMessageTypes.VIDEO, streamId, 0, header));
                videoHeaderSent = true;
            }
        }
        channel.flush();
        this.handle = handle;
    }

    boolean carriesNothing() {
        return video == null && audio == null;
    }

    @Override
    public boolean readsRtpPackets() {
        return false;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public void onUnit(Unit unit) {
        ByteBuf au = unit.accessUnit();
        if (handle == null || au == null) {
            return;
        }
        try {
            if (video != null && unit.track() == video.index()) {
                writeVideo(unit, au);
            } else if (audio != null && unit.track() == audio.index()) {
                writeAudio(unit, au);
            }
        } catch (FlvException e) {
            framesDropped++;
            LOG.debug("RTMP reader {}: frame left out: {}", conn.id(), e.getMessage());
        }
    }

    private void writeVideo(Unit unit, ByteBuf au) throws FlvException {
        Format f = video.format();
        boolean keyframe = unit.isRandomAccess();
        if (!videoFlowing && !keyframe) {
            return;
        }
        if (!channel.isWritable()) {
            framesDropped++;
            videoFlowing = false; // resume at the next keyframe, so the decoder never misses a reference
            return;
        }
        videoFlowing = true;
        if (!videoHeaderSent) {
            ByteBuf header = FlvWriter.videoSequenceHeader(f.codec(), au, channel.alloc());
            if (header == null) {
                return; // no parameter sets yet: a decoder could not start here
            }
            send(VIDEO_CSID, RtmpMessageTypes.VIDEO, 0, header);
            videoHeaderSent = true;
        }
        long dts = millis(unit.dts(), f.clockRate());
        long pts = millis(unit.pts(), f.clockRate());
        if (!started) {
            started = true;
            baseMillis = dts;
        }
        ByteBuf body = FlvWriter.videoFrame(f.codec(), au, keyframe, pts - baseMillis, dts - baseMillis, channel.alloc());
        send(VIDEO_CSID, RtmpMessageTypes.VIDEO, Math.max(0, dts - baseMillis), body);
    }

    private void writeAudio(Unit unit, ByteBuf au) throws FlvException {
        Format f = audio.format();
        long pts = millis(unit.pts(), f.clockRate());
        if (!started) {
            if (video != null) {
                return; // start with the video keyframe
            }
            started = true;
            baseMillis = pts;
        }
        if (pts < baseMillis) {
            return;
        }
        if (!channel.isWritable()) {
            framesDropped++;
            return;
        }
        send(AUDIO_CSID, RtmpMessageTypes.AUDIO, pts - baseMillis, FlvWriter.audioFrame(f, au, channel.alloc()));
    }

    private static long millis(long timestamp, int clockRate) {
        return Math.floorDiv(timestamp * 1000, clockRate);
    }

    private void send(int csid, int type, long timestamp, ByteBuf body) {
        channel.write(new RtmpMessage(csid, type, streamId, timestamp, body), channel.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flush() {
        flushScheduled = false;
        channel.flush();
    }

    /** Stops reading; idempotent. */
    void stop() {
        ReaderHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
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
