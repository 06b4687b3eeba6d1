package io.strom.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw RTSP client on one connection, for requests no real client would send. */
final class RtspClient implements AutoCloseable {

    final Socket socket;
    final OutputStream out;
    final InputStream in;
    /** The head of the last response. */
    String last = "";

    RtspClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** A request line and headers for {@code path} on {@code port}; {@code cseq} < 0 leaves CSeq out. */
    static String req(int port, String method, String path, int cseq, String... headers) {
        StringBuilder sb = new StringBuilder(method + " rtsp://127.0.0.1:" + port + "/" + path + " RTSP/1.0\r\n");
        if (cseq >= 0) {
            sb.append("CSeq: ").append(cseq).append("\r\n");
        }
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Sends raw bytes and returns the status code of the response (-1 when the server closed). */
    int send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    int send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return readStatus();
    }

    int readStatus() throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        if (head.length() == 0) {
            return -1;
        }
        last = head.toString();
        int len = 0;
        for (String line : last.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(len);
        return Integer.parseInt(last.split(" ")[1]);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
