package io.strom.ice.lite.internal;

import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceTransport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * A browser-like full ICE agent (ice4j, controlling, nominating) with one 127.0.0.1 host
 * candidate, run against a lite transport.
 */
final class Ice4jPeer implements AutoCloseable {

    static {
        System.getProperties().putIfAbsent("ice4j.harvest.mapping.aws.enabled", "false");
    }

    private final Agent agent = new Agent();
    private final Component component;
    private final Thread reader;
    final CountDownLatch completed = new CountDownLatch(1);
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    Ice4jPeer() throws Exception {
        agent.setControlling(true);
        agent.setUseDynamicPorts(false);
        agent.addCandidateHarvester(new LoopbackHarvester());
        IceMediaStream stream = agent.createMediaStream("video");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        agent.addStateChangeListener(e -> {
            if (e.getNewValue() == IceProcessingState.COMPLETED) {
                completed.countDown();
            }
        });
        reader = new Thread(this::readLoop, "ice4j-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        byte[] buffer = new byte[2048];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            while (true) {
                p.setData(buffer, 0, buffer.length);
                component.getSocket().receive(p);
                received.add(java.util.Arrays.copyOfRange(buffer, p.getOffset(), p.getOffset() + p.getLength()));
            }
        } catch (IOException closed) {
            // agent freed
        }
    }

    int port() {
        return component.getLocalCandidates().get(0).getTransportAddress().getPort();
    }

    /** Plays the offer/answer exchange with {@code transport} and starts checking it. */
    void connect(IceTransport transport) {
        IceMediaStream stream = component.getParentStream();
        stream.setRemoteUfrag(transport.localCredentials().ufrag());
        stream.setRemotePassword(transport.localCredentials().pwd());
        transport.start(new io.strom.api.ice.IceCredentials(agent.getLocalUfrag(), agent.getLocalPassword()),
                List.of());
        for (IceCandidate c : transport.localCandidates()) {
            try {
                component.addRemoteCandidate(new RemoteCandidate(
                        new TransportAddress(InetAddress.getByName(c.address()), c.port(), Transport.UDP),
                        component, CandidateType.parse(c.type()), c.foundation(), c.priority(), null));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        agent.startConnectivityEstablishment();
    }

    @SuppressWarnings("deprecation")
    void send(byte[] data) throws IOException {
        var pair = component.getSelectedPair();
        pair.getIceSocketWrapper().send(new DatagramPacket(data, data.length,
                pair.getRemoteCandidate().getTransportAddress()));
    }

    @Override
    public void close() {
        agent.free();
        reader.interrupt();
    }

    /** One host candidate on its own loopback socket (ice4j's host harvester skips loopback). */
    private static final class LoopbackHarvester extends AbstractCandidateHarvester {
        @Override
        public Collection<LocalCandidate> harvest(Component component) {
            try {
                var socket = new MultiplexingDatagramSocket(0, InetAddress.getLoopbackAddress());
                HostCandidate host = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
                component.addLocalCandidate(host);
                host.getStunStack().addSocket(host.getStunSocket(null));
                if (component.getComponentSocket() != null) {
                    component.getComponentSocket().add(socket);
                }
                return List.of(host);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean isHostHarvester() {
            return true;
        }
    }
}
