package io.strom.ice.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;

/**
 * The shared-port harvester, checking the first STUN request from an unknown address before
 * ice4j opens a per-address session for it: a request for an unknown user or with a wrong
 * MESSAGE-INTEGRITY is counted and dropped here, so a flood of forged checks costs neither
 * per-address state inside ice4j nor anything but a counter.
 */
final class CheckedUdpHarvester extends SinglePortUdpHarvester {

    private final Map<String, byte[]> passwords = new ConcurrentHashMap<>();
    private final IceCounters counters;

    CheckedUdpHarvester(TransportAddress address, IceCounters counters) throws IOException {
        super(address);
        this.counters = counters;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        Agent agent = component.getParentStream().getParentAgent();
        passwords.put(agent.getLocalUfrag(), agent.getLocalPassword().getBytes(StandardCharsets.UTF_8));
        return super.harvest(component);
    }

    /** Stops accepting checks for a session's local {@code ufrag} (its transport closed). */
    void forget(String ufrag) {
        passwords.remove(ufrag);
    }

    @Override
    protected MySocket maybeAcceptNewSession(Buffer buf, InetSocketAddress remoteAddress, String ufrag) {
        byte[] key = passwords.get(ufrag);
        if (key == null) {
            counters.stunUnknownUser.increment();
            return null;
        }
        if (!StunIntegrity.verify(buf.getBuffer(), buf.getOffset(), buf.getLength(), key)) {
            counters.stunBadIntegrity.increment();
            return null;
        }
        return super.maybeAcceptNewSession(buf, remoteAddress, ufrag);
    }
}
