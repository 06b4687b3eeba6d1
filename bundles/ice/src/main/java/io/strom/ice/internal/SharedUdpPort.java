package io.strom.ice.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one UDP port shared by every session: one ice4j single-port harvester ({@link CheckedUdpHarvester}) per local
 * address, bound when an address first appears in the wanted list and closed once it has left
 * the list and no running transport still uses it. ice4j demultiplexes sessions on the port by
 * the ufrag of the first STUN check, then by remote address.
 */
final class SharedUdpPort implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedUdpPort.class);

    private final int port;
    private final IceCounters counters;
    private final Map<InetAddress, Entry> entries = new HashMap<>();
    private boolean closed;

    /** One bound harvester and how many transports hold it. */
    static final class Entry {
        final CheckedUdpHarvester harvester;
        int users;
        boolean listed;

        Entry(CheckedUdpHarvester harvester) {
            this.harvester = harvester;
        }
    }

    SharedUdpPort(int port, IceCounters counters) {
        this.port = port;
        this.counters = counters;
    }

    /**
     * Harvesters for {@code wanted}, binding new addresses and closing idle unlisted ones; each
     * returned entry is held until {@link #release}. Addresses that cannot be bound are skipped.
     *
     * @throws IOException when no address at all could be bound
     */
    synchronized List<Entry> acquire(List<InetAddress> wanted) throws IOException {
        if (closed) {
            throw new IOException("ICE factory closed");
        }
        Set<InetAddress> wantedSet = new HashSet<>(wanted);
        for (Map.Entry<InetAddress, Entry> e : new ArrayList<>(entries.entrySet())) {
            e.getValue().listed = wantedSet.contains(e.getKey());
            closeIfIdle(e.getKey(), e.getValue());
        }
        List<Entry> held = new ArrayList<>();
        IOException lastError = null;
        for (InetAddress address : wanted) {
            Entry entry = entries.get(address);
            if (entry == null) {
                try {
                    entry = new Entry(new CheckedUdpHarvester(new TransportAddress(address, port, Transport.UDP), counters));
                } catch (IOException e) {
                    LOG.warn("ICE: cannot bind UDP {} port {}: {}", address.getHostAddress(), port, e.toString());
                    lastError = e;
                    continue;
                }
                entries.put(address, entry);
                LOG.info("ICE: shared UDP port bound on {}", entry.harvester.getLocalAddress());
            }
            entry.listed = true;
            entry.users++;
            held.add(entry);
        }
        if (held.isEmpty()) {
            throw lastError != null ? lastError : new IOException("no host address to bind the ICE UDP port on");
        }
        return held;
    }

    /** Gives back entries from {@link #acquire} held by the session with local {@code ufrag} (null: none made). */
    synchronized void release(List<Entry> held, String ufrag) {
        for (Entry entry : held) {
            if (ufrag != null) {
                entry.harvester.forget(ufrag);
            }
            entry.users--;
        }
        for (Map.Entry<InetAddress, Entry> e : new ArrayList<>(entries.entrySet())) {
            closeIfIdle(e.getKey(), e.getValue());
        }
    }

    private void closeIfIdle(InetAddress address, Entry entry) {
        if (entry.users <= 0 && (!entry.listed || closed)) {
            entry.harvester.close();
            entries.remove(address);
            LOG.info("ICE: shared UDP port on {} closed", address.getHostAddress());
        }
    }

    /** Addresses currently bound (for tests and logs). */
    synchronized Set<InetAddress> boundAddresses() {
        return new HashSet<>(entries.keySet());
    }

    /** Closes every harvester; transports still holding one must have been closed first. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Entry entry : entries.values()) {
            entry.harvester.close();
        }
        entries.clear();
    }
}
