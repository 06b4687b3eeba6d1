package io.strom.ice.lite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceCredentials;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LiteTcpServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private LiteUdpServer udp;
    private LiteTcpServer tcp;

    @BeforeEach
    void start() throws Exception {
        udp = new LiteUdpServer(new InetSocketAddress(LOOPBACK, 0), Duration.ofSeconds(30));
        tcp = new LiteTcpServer(udp, new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterEach
    void stop() {
        tcp.close();
        udp.close();
    }

    @Test
    void aNominatingCheckOnAConnectionCarriesTheSessionInRfc4571Frames() throws Exception {
        RecordingListener listener = new RecordingListener();
        LiteTransport transport = udp.create(listener, List.of(LOOPBACK), tcp.port());
        IceCandidate passive = transport.localCandidates().stream().filter(c -> c.transport().equals("tcp"))
                .findFirst().orElseThrow();
        assertEquals("passive", passive.tcpType());
        assertEquals(tcp.port(), passive.port());
        IceCredentials local = transport.localCredentials();
        try (Socket socket = new Socket(LOOPBACK, tcp.port())) {
            socket.setSoTimeout(500);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());

            frame(out, Checks.binding(local.ufrag() + ":p", "wrong-password-wrong-password", true));
            assertThrows(SocketTimeoutException.class, in::readUnsignedShort, "a bad check gets no answer");
            assertEquals(1, udp.counters().badIntegrity.sum());

            frame(out, Checks.binding(local.ufrag() + ":p", local.pwd(), true));
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            assertEquals(0x0101, ((answer[0] & 0xFF) << 8) | (answer[1] & 0xFF));
            assertTrue(listener.connected.await(5, TimeUnit.SECONDS));
            assertEquals(socket.getLocalSocketAddress(), listener.remote);

            byte[] media = {(byte) 0x80, 0, 0, 7, 'x'};
            frame(out, media);
            assertArrayEquals(media, listener.datagrams.poll(5, TimeUnit.SECONDS));

            byte[] dtls = {23, (byte) 0xFE, (byte) 0xFD, 'y'};
            transport.send(Unpooled.directBuffer().writeBytes(dtls));
            byte[] got = new byte[in.readUnsignedShort()];
            in.readFully(got);
            assertArrayEquals(dtls, got);
        }
        assertTrue(listener.failed.await(5, TimeUnit.SECONDS), "the connection closing fails the session");
        assertEquals(List.of("ICE-TCP connection closed"), listener.failures);
    }

    private static void frame(DataOutputStream out, byte[] packet) throws Exception {
        out.writeShort(packet.length);
        out.write(packet);
        out.flush();
    }
}
