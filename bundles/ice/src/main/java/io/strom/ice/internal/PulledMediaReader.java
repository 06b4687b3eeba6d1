package io.strom.ice.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;

/**
 * Reads media of a transport whose selected pair ice4j does not push: a TCP pair (RFC 6544
 * passive candidate) or a TURN relay. Such a session gets one named daemon thread reading a
 * socket that yields non-STUN datagrams only (the component's merging socket, or the relay's own)
 * until {@link #stop}.
 */
final class PulledMediaReader implements Runnable {

    private final DatagramSocket socket;
    private final Ice4jTransport transport;
    private final Thread thread;
    private volatile boolean stopped;

    PulledMediaReader(DatagramSocket socket, Ice4jTransport transport, String name) {
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
