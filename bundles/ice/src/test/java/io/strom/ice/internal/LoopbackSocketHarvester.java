package io.strom.ice.internal;

import java.net.InetAddress;
import java.net.SocketException;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.ComponentSocket;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * A host candidate on its own 127.0.0.1 socket, as a browser has: it can send the first check
 * (a shared-port candidate cannot) and ice4j's own host harvester skips loopback.
 */
final class LoopbackSocketHarvester extends AbstractCandidateHarvester {

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        try {
            MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(0, InetAddress.getLoopbackAddress());
            HostCandidate candidate = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
            component.addLocalCandidate(candidate);
            candidate.getStunStack().addSocket(candidate.getStunSocket(null));
            ComponentSocket componentSocket = component.getComponentSocket();
            if (componentSocket != null) {
                componentSocket.add(socket);
            }
            return List.of(candidate);
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }
}
