package io.strom.ice.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;

/**
 * Reads media of a transport whose selected pair is TCP (RFC 6544 passive candidate): ice4j only
 * pushes UDP datagrams, so a TCP session gets one named daemon thread reading the component's
 * socket (non-STUN frames only) until {@link #stop}.
 */
final class TcpMediaReader implements Runnable {

    private final DatagramSocket socket;
    private final Ice4jTransport transport;
    private final Thread thread;
    private volatile boolean stopped;

    TcpMediaReader(DatagramSocket socket, Ice4jTransport transport, String name) {
        this.socket = socket;
        this.transport = transport;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        byte[] data = new byte[65536];
        DatagramPacket packet = new DatagramPacket(data, data.length);
        while (!stopped) {
            packet.setData(data, 0, data.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed by the agent's free() or stop()
            }
            transport.receive(data, packet.getOffset(), packet.getLength(), packet.getSocketAddress());
        }
    }

    /** Stops the thread: the socket is closed (by the agent) and the thread is awaited briefly. */
    void stop() {
        stopped = true;
        socket.close();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
