package io.strom.e2e;

import java.io.ByteArrayOutputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal RTMP publisher over a plain socket, written from the Adobe RTMP specification (not a
 * copy of Strom's server code), for end-to-end tests of what ffmpeg cannot send (Enhanced RTMP).
 *
 * <p>Plain handshake (C1 with a zero version, C2 echoing S1), a chunk size of 4096, {@code connect}
 * (message stream 0, chunk stream 3), {@code createStream}, {@code publish} on the stream it
 * created, then media messages there (chunk stream 4 for audio, 6 for video), each as a fmt 0 chunk
 * and fmt 3 continuations. A background thread reads the server's chunks, so the socket never
 * blocks: it reassembles messages, follows the server's SetChunkSize, answers pings, and keeps the
 * command messages it saw (see {@link #commands()}); what it cannot parse it drains and drops.
 */
final class RtmpTestClient implements AutoCloseable {

    static final int CHUNK_SIZE = 4096;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private static final int CSID_CONTROL = 2;
    private static final int CSID_COMMAND = 3;
    private static final int CSID_AUDIO = 4;
    private static final int CSID_VIDEO = 6;

    private static final int TYPE_SET_CHUNK_SIZE = 1;
    private static final int TYPE_USER_CONTROL = 4;
    private static final int TYPE_AUDIO = 8;
    private static final int TYPE_VIDEO = 9;
    private static final int TYPE_COMMAND_AMF0 = 20;

    /** Enhanced RTMP: IsExHeader bit, PacketTypes and frame types of the first video byte. */
    static final int EX_HEADER = 0x80;
    static final int PACKET_SEQUENCE_START = 0;
    static final int PACKET_CODED_FRAMES = 1;
    static final int PACKET_SEQUENCE_END = 2;
    static final int PACKET_CODED_FRAMES_X = 3;
    static final int FRAME_KEY = 1;
    static final int FRAME_INTER = 2;

    private Socket socket;
    private OutputStream out;
    private Thread reader;
    private volatile boolean closing;
    private volatile IOException readError;
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    /** The message stream of publish and the media: createStream's answer (1 on most servers). */
    private volatile int mediaStream = 1;

    /**
     * Connects, handshakes and publishes {@code app/stream}, each command after the answer to the
     * one before; returns once the server said NetStream.Publish.Start, so the media can follow.
     */
    void connectAndPublish(String host, int port, String app, String stream) throws IOException {
        try {
            open(host, port, app, stream);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open(String host, int port, String app, String stream) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        try {
            socket.connect(new InetSocketAddress(host, port), 5000);
        } catch (java.net.ConnectException e) {
            throw new java.net.ConnectException("no RTMP server on " + host + ":" + port + ": " + e.getMessage());
        }
        socket.setSoTimeout(10_000); // for the handshake; the reader thread lifts it
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        handshake(in);
        socket.setSoTimeout(0);
        reader = new Thread(() -> readLoop(in), "rtmp-test-client-reader");
        reader.setDaemon(true);
        reader.start();

        synchronized (this) {
            byte[] size = {(byte) (CHUNK_SIZE >>> 24), (byte) (CHUNK_SIZE >>> 16), (byte) (CHUNK_SIZE >>> 8), (byte) CHUNK_SIZE};
            writeMessage(CSID_CONTROL, TYPE_SET_CHUNK_SIZE, 0, 0, size, 128); // the peer still reads 128-byte chunks
            chunkSize = CHUNK_SIZE;
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("app", app);
            props.put("type", "nonprivate");
            props.put("flashVer", "FMLE/3.0");
            props.put("tcUrl", "rtmp://" + host + ":" + port + "/" + app);
            writeMessage(CSID_COMMAND, TYPE_COMMAND_AMF0, 0, 0, amf0("connect", 1.0, props), chunkSize);
            out.flush();
        }
        awaitAnswer(1);
        synchronized (this) {
            writeMessage(CSID_COMMAND, TYPE_COMMAND_AMF0, 0, 0, amf0("createStream", 2.0, null), chunkSize);
            out.flush();
        }
        Command created = awaitAnswer(2);
        if (!created.name().equals("_result")) {
            throw new IOException("createStream refused: " + created.text());
        }
        if (created.values().size() > 3 && created.values().get(3) instanceof Double id) {
            mediaStream = id.intValue();
        }
        synchronized (this) {
            writeMessage(CSID_COMMAND, TYPE_COMMAND_AMF0, mediaStream, 0, amf0("publish", 3.0, null, stream, "live"), chunkSize);
            out.flush();
        }
        Command status = await(c -> c.name().equals("onStatus") || c.name().equals("_error"), "publish's onStatus");
        if (!status.text().contains("NetStream.Publish.Start")) {
            throw new IOException("publish refused: " + status.text());
        }
    }

    /** A command message from the server: its name, transaction id, top-level AMF0 values and printable text. */
    record Command(String name, double transaction, List<Object> values, String text) {
    }

    private Command awaitAnswer(int transaction) throws IOException {
        Command c = await(m -> (m.name().equals("_result") || m.name().equals("_error")) && m.transaction() == transaction,
                "the answer to transaction " + transaction);
        if (c.name().equals("_error")) {
            throw new IOException("transaction " + transaction + " failed: " + c.text());
        }
        return c;
    }

    private Command await(java.util.function.Predicate<Command> which, String what) throws IOException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Command c : commands) {
                if (which.test(c)) {
                    return c;
                }
            }
            if (readError != null) {
                throw new IOException("no " + what + ": " + readError.getMessage() + "; the server said " + commands, readError);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + what, e);
            }
        }
        throw new IOException("no " + what + " within " + ANSWER_TIMEOUT.toSeconds() + " s; the server said " + commands);
    }

    private int chunkSize = 128;

    private void handshake(DataInputStream in) throws IOException {
        byte[] c0c1 = new byte[1 + 1536];
        c0c1[0] = 3;
        int time = (int) (System.currentTimeMillis() & 0x7FFFFFFF);
        c0c1[1] = (byte) (time >>> 24);
        c0c1[2] = (byte) (time >>> 16);
        c0c1[3] = (byte) (time >>> 8);
        c0c1[4] = (byte) time;
        // bytes 5..8: zero (the plain handshake), the rest: arbitrary
        for (int i = 9; i < c0c1.length; i++) {
            c0c1[i] = (byte) (i * 31 + 7);
        }
        out.write(c0c1);
        out.flush();
        int s0 = in.readUnsignedByte();
        if (s0 != 3) {
            throw new IOException("S0 is version " + s0 + ", not 3");
        }
        byte[] s1 = new byte[1536];
        in.readFully(s1);
        in.readFully(new byte[1536]); // S2: our C1 echoed, or anything
        out.write(s1); // C2
        out.flush();
    }

    /** Sends a video message (FLV VIDEODATA) with {@code timestampMs}. */
    void sendVideo(long timestampMs, byte[] body) throws IOException {
        send(CSID_VIDEO, TYPE_VIDEO, timestampMs, body);
    }

    /** Sends an audio message (FLV AUDIODATA) with {@code timestampMs}. */
    void sendAudio(long timestampMs, byte[] body) throws IOException {
        send(CSID_AUDIO, TYPE_AUDIO, timestampMs, body);
    }

    private synchronized void send(int csid, int type, long timestampMs, byte[] body) throws IOException {
        if (readError != null && !closing) {
            throw new IOException("the server's side failed: " + readError, readError);
        }
        writeMessage(csid, type, mediaStream, timestampMs, body, chunkSize);
        out.flush();
    }

    /** One message as a fmt 0 chunk and as many fmt 3 continuation chunks as {@code size} needs. */
    private void writeMessage(int csid, int type, int streamId, long timestamp, byte[] body, int size) throws IOException {
        long ts = timestamp & 0xFFFFFFFFL;
        boolean extended = ts >= 0xFFFFFF;
        out.write(csid); // fmt 0, csid 2..63
        write24(extended ? 0xFFFFFF : (int) ts);
        write24(body.length);
        out.write(type);
        out.write(streamId); // little endian
        out.write(streamId >>> 8);
        out.write(streamId >>> 16);
        out.write(streamId >>> 24);
        if (extended) {
            write32((int) ts);
        }
        int off = 0;
        do {
            if (off > 0) {
                out.write(0xC0 | csid); // fmt 3
                if (extended) {
                    write32((int) ts);
                }
            }
            int n = Math.min(size, body.length - off);
            out.write(body, off, n);
            off += n;
        } while (off < body.length);
    }

    private void write24(int v) throws IOException {
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private void write32(int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** Every AMF0 command the server sent so far (_result, onStatus...). */
    List<Command> commands() {
        return List.copyOf(commands);
    }

    /** Waits until a command message from the server contains {@code text}; false after {@code timeout}. */
    boolean awaitCommand(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Command c : commands) {
                if (c.text().contains(text)) {
                    return true;
                }
            }
            if (readError != null) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Why the reader stopped, null while it runs or after a clean close. */
    IOException readError() {
        return readError;
    }

    @Override
    public void close() {
        closing = true;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (reader != null) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- reading: reassemble the server's messages, just enough to follow it ----

    private static final class InboundChunkStream {
        int type;
        int length;
        long timestamp;
        long delta;
        int streamId;
        boolean extended;
        ByteArrayOutputStream partial;
    }

    private void readLoop(DataInputStream in) {
        Map<Integer, InboundChunkStream> streams = new HashMap<>();
        int inChunkSize = 128;
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int fmt = b0 >>> 6;
                int csid = b0 & 0x3F;
                if (csid == 0) {
                    csid = 64 + in.readUnsignedByte();
                } else if (csid == 1) {
                    csid = 64 + in.readUnsignedByte() + 256 * in.readUnsignedByte();
                }
                InboundChunkStream s = streams.computeIfAbsent(csid, k -> new InboundChunkStream());
                if (fmt <= 2) {
                    long ts = read24(in);
                    if (fmt <= 1) {
                        s.length = read24(in);
                        s.type = in.readUnsignedByte();
                        if (fmt == 0) {
                            s.streamId = Integer.reverseBytes(in.readInt());
                        }
                    }
                    s.extended = ts == 0xFFFFFF;
                    if (s.extended) {
                        ts = in.readInt() & 0xFFFFFFFFL;
                    }
                    if (fmt == 0) {
                        s.timestamp = ts;
                        s.delta = 0;
                    } else {
                        s.delta = ts;
                        s.timestamp += ts;
                    }
                } else {
                    if (s.extended) {
                        in.readInt();
                    }
                    if (s.partial == null) {
                        s.timestamp += s.delta;
                    }
                }
                if (s.partial == null) {
                    s.partial = new ByteArrayOutputStream(s.length);
                }
                int n = Math.min(inChunkSize, s.length - s.partial.size());
                byte[] data = new byte[n];
                in.readFully(data);
                s.partial.write(data);
                if (s.partial.size() >= s.length) {
                    byte[] message = s.partial.toByteArray();
                    s.partial = null;
                    if (s.type == TYPE_SET_CHUNK_SIZE && message.length >= 4) {
                        inChunkSize = ((message[0] & 0x7F) << 24) | ((message[1] & 0xFF) << 16)
                                | ((message[2] & 0xFF) << 8) | (message[3] & 0xFF);
                    } else if (s.type == TYPE_USER_CONTROL && message.length >= 6 && message[1] == 6) {
                        pong(message);
                    } else if (s.type == TYPE_COMMAND_AMF0) {
                        commands.add(command(message));
                    }
                }
            }
        } catch (IOException e) {
            if (!closing) {
                readError = e instanceof EOFException ? new IOException("the server closed the connection", e) : e;
                drain(in);
            }
        } catch (RuntimeException e) {
            // a chunk stream we could not follow: stop parsing, keep the socket drained
            readError = new IOException("unparsable chunk from the server", e);
            drain(in);
        }
    }

    private void pong(byte[] ping) throws IOException {
        byte[] pong = ping.clone();
        pong[1] = 7; // PingResponse with the same timestamp
        synchronized (this) {
            writeMessage(CSID_CONTROL, TYPE_USER_CONTROL, 0, 0, pong, chunkSize);
            out.flush();
        }
    }

    private static void drain(InputStream in) {
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // drop
            }
        } catch (IOException ignored) {
            // closed
        }
    }

    private static int read24(DataInputStream in) throws IOException {
        return (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    }

    /** An AMF0 message as its printable runs of text, enough to search for names and status codes. */
    private static String printable(byte[] message) {
        StringBuilder sb = new StringBuilder();
        boolean gap = false;
        for (byte b : message) {
            if (b >= 0x20 && b < 0x7F) {
                if (gap && sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append((char) b);
                gap = false;
            } else {
                gap = true;
            }
        }
        return sb.toString();
    }

    private static Command command(byte[] message) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(message);
        List<Object> values = new java.util.ArrayList<>();
        try {
            while (in.hasRemaining()) {
                values.add(readAmf0(in));
            }
        } catch (RuntimeException e) {
            values.add("<unparsed AMF0: " + e + ">");
        }
        String name = !values.isEmpty() && values.get(0) instanceof String n ? n : "?";
        double txn = values.size() > 1 && values.get(1) instanceof Double d ? d : -1;
        return new Command(name, txn, values, printable(message));
    }

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static Object readAmf0(java.nio.ByteBuffer in) {
        int type = in.get() & 0xFF;
        switch (type) {
            case 0x00:
                return in.getDouble();
            case 0x01:
                return in.get() != 0;
            case 0x02:
                return readUtf8(in, in.getShort() & 0xFFFF);
            case 0x0C:
                return readUtf8(in, in.getInt());
            case 0x05:
            case 0x06:
                return NULL;
            case 0x08:
                in.getInt(); // ECMA array count: ends like an object anyway
                return readProperties(in);
            case 0x03:
                return readProperties(in);
            case 0x0A: {
                int n = in.getInt();
                List<Object> list = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(readAmf0(in));
                }
                return list;
            }
            default:
                throw new IllegalArgumentException("AMF0 type " + type);
        }
    }

    private static Map<String, Object> readProperties(java.nio.ByteBuffer in) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            String key = readUtf8(in, in.getShort() & 0xFFFF);
            if (key.isEmpty() && in.get(in.position()) == 0x09) {
                in.get();
                return map;
            }
            map.put(key, readAmf0(in));
        }
    }

    private static String readUtf8(java.nio.ByteBuffer in, int length) {
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- AMF0 ----

    /** AMF0 values in a row: Number (Double), String, Boolean, Object (Map), and null. */
    static byte[] amf0(Object... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object v : values) {
            writeAmf0(b, v);
        }
        return b.toByteArray();
    }

    private static void writeAmf0(ByteArrayOutputStream b, Object v) {
        if (v == null) {
            b.write(0x05);
        } else if (v instanceof Number n) {
            b.write(0x00);
            long bits = Double.doubleToLongBits(n.doubleValue());
            for (int i = 7; i >= 0; i--) {
                b.write((int) (bits >>> (8 * i)));
            }
        } else if (v instanceof Boolean flag) {
            b.write(0x01);
            b.write(flag ? 1 : 0);
        } else if (v instanceof String s) {
            b.write(0x02);
            writeUtf8(b, s);
        } else if (v instanceof Map<?, ?> map) {
            b.write(0x03);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeUtf8(b, (String) e.getKey());
                writeAmf0(b, e.getValue());
            }
            b.write(0);
            b.write(0);
            b.write(0x09); // object end
        } else {
            throw new IllegalArgumentException("no AMF0 for " + v.getClass());
        }
    }

    private static void writeUtf8(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(bytes.length >>> 8);
        b.write(bytes.length);
        b.writeBytes(bytes);
    }

    // ---- Enhanced RTMP video bodies ----

    /** An Enhanced RTMP SequenceStart for {@code fourCc} carrying {@code config} (hvcC for "hvc1"). */
    static byte[] sequenceStart(String fourCc, byte[] config) {
        return enhancedVideo(FRAME_KEY, PACKET_SEQUENCE_START, fourCc, new byte[0], config);
    }

    /** An Enhanced RTMP CodedFramesX (composition time 0) of length-prefixed {@code frame}. */
    static byte[] codedFramesX(String fourCc, boolean keyframe, byte[] frame) {
        return enhancedVideo(keyframe ? FRAME_KEY : FRAME_INTER, PACKET_CODED_FRAMES_X, fourCc, new byte[0], frame);
    }

    /** An Enhanced RTMP CodedFrames with a composition time offset in milliseconds. */
    static byte[] codedFrames(String fourCc, boolean keyframe, int compositionTimeMs, byte[] frame) {
        byte[] cts = {(byte) (compositionTimeMs >>> 16), (byte) (compositionTimeMs >>> 8), (byte) compositionTimeMs};
        return enhancedVideo(keyframe ? FRAME_KEY : FRAME_INTER, PACKET_CODED_FRAMES, fourCc, cts, frame);
    }

    private static byte[] enhancedVideo(int frameType, int packetType, String fourCc, byte[] extra, byte[] payload) {
        byte[] cc = fourCc.getBytes(StandardCharsets.US_ASCII);
        if (cc.length != 4) {
            throw new IllegalArgumentException("FourCC " + fourCc);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(1 + 4 + extra.length + payload.length);
        b.write(EX_HEADER | frameType << 4 | packetType);
        b.writeBytes(cc);
        b.writeBytes(extra);
        b.writeBytes(payload);
        return b.toByteArray();
    }
}
