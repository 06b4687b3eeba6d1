package io.strom.ice.internal;

import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceCredentials;
import io.strom.api.ice.IceTransport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;

/**
 * The browser's side, played by a real ice4j agent in the controlling role with one loopback host
 * candidate on its own port. Not a mock: it runs ICE against the transport under test.
 */
final class ControllingPeer implements AutoCloseable {

    final Agent agent;
    final Component component;
    private final Thread reader;
    final CountDownLatch completed = new CountDownLatch(1);
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    ControllingPeer() throws Exception {
        agent = Ice4jEnvironment.call(Agent::new);
        agent.setControlling(true);
        agent.setUseDynamicPorts(false);
        agent.addCandidateHarvester(new LoopbackSocketHarvester());
        IceMediaStream stream = agent.createMediaStream("media");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        reader = new Thread(this::read, "test-peer-reader");
        reader.setDaemon(true);
        reader.start();
        agent.addStateChangeListener(e -> {
            if (e.getNewValue() == IceProcessingState.COMPLETED) {
                completed.countDown();
            }
        });
    }

    private void read() {
        byte[] data = new byte[1500];
        DatagramPacket p = new DatagramPacket(data, data.length);
        while (true) {
            try {
                p.setData(data, 0, data.length);
                component.getSocket().receive(p);
            } catch (IOException closed) {
                return;
            }
            received.add(new String(data, p.getOffset(), p.getLength(), StandardCharsets.UTF_8));
        }
    }

    IceCredentials credentials() {
        return new IceCredentials(agent.getLocalUfrag(), agent.getLocalPassword());
    }

    /** This peer's candidates as its SDP offer would carry them. */
    List<IceCandidate> candidates() {
        return component.getLocalCandidates().stream().map(Candidates::toSpi).toList();
    }

    /** Starts checks towards {@code transport}'s answer. */
    void connect(IceTransport transport) {
        connect(transport, transport.localCandidates());
    }

    /** Starts checks towards {@code transport}, knowing only {@code candidates} of its answer. */
    void connect(IceTransport transport, List<IceCandidate> candidates) {
        IceMediaStream stream = component.getParentStream();
        stream.setRemoteUfrag(transport.localCredentials().ufrag());
        stream.setRemotePassword(transport.localCredentials().pwd());
        for (IceCandidate c : candidates) {
            component.addRemoteCandidate(new RemoteCandidate(
                    new TransportAddress(IpLiterals.parse(c.address()), c.port(), Transport.UDP), component,
                    CandidateType.parse(c.type()), c.foundation(), c.priority(), null));
        }
        agent.startConnectivityEstablishment();
    }

    @SuppressWarnings("deprecation")
    void send(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        var pair = component.getSelectedPair();
        DatagramPacket p = new DatagramPacket(data, data.length, pair.getRemoteCandidate().getTransportAddress());
        pair.getIceSocketWrapper().send(p);
    }

    int port() {
        LocalCandidate c = component.getLocalCandidates().get(0);
        return c.getTransportAddress().getPort();
    }

    @Override
    public void close() {
        agent.free();
        reader.interrupt();
    }
}
