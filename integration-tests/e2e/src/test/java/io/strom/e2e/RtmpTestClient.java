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
            writeMessage(CSID_COMMAND, TYPE_COMMAND_AMF0, 0, 0, TestAmf0.write("connect", 1.0, props), chunkSize);
            out.flush();
        }
        awaitAnswer(1);
        synchronized (this) {
            writeMessage(CSID_COMMAND, TYPE_COMMAND_AMF0, 0, 0, TestAmf0.write("createStream", 2.0, null), chunkSize);
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
            writeMessage(CSID_COMMAND, TYPE_COMMAND_AMF0, mediaStream, 0, TestAmf0.write("publish", 3.0, null, stream, "live"), chunkSize);
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
                values.add(TestAmf0.read(in));
            }
        } catch (RuntimeException e) {
            values.add("<unparsed AMF0: " + e + ">");
        }
        String name = !values.isEmpty() && values.get(0) instanceof String n ? n : "?";
        double txn = values.size() > 1 && values.get(1) instanceof Double d ? d : -1;
        return new Command(name, txn, values, printable(message));
    }
}
