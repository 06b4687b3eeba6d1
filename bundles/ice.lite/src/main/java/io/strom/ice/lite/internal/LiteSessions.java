package io.strom.ice.lite.internal;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of one server: by local ufrag (checks name it in USERNAME) and, once a pair is
 * selected, by the peer's address (DTLS and SRTP carry nothing else to tell sessions apart).
 */
final class LiteSessions {

    private final ConcurrentHashMap<String, LiteTransport> byUfrag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, LiteTransport> byAddress = new ConcurrentHashMap<>();

    /** Registers a new session; false when its ufrag is taken (the caller draws another). */
    boolean add(LiteTransport transport) {
        return byUfrag.putIfAbsent(transport.localCredentials().ufrag(), transport) == null;
    }

    LiteTransport byUfrag(String ufrag) {
        return byUfrag.get(ufrag);
    }

    LiteTransport byAddress(InetSocketAddress remote) {
        return byAddress.get(remote);
    }

    /** Routes {@code remote}'s datagrams to {@code transport}, instead of {@code previous} if set. */
    void select(LiteTransport transport, InetSocketAddress previous, InetSocketAddress remote) {
        if (previous != null) {
            byAddress.remove(previous, transport);
        }
        LiteTransport displaced = byAddress.put(remote, transport);
        if (displaced != null && displaced != transport) {
            // another session's peer now uses this address (a NAT mapping reused): that one lost its path
            displaced.fail("the remote address " + remote + " was taken by another session");
        }
    }

    /** Stops routing {@code remote} (if set) to {@code transport}, and forgets its ufrag if {@code closed}. */
    void remove(LiteTransport transport, InetSocketAddress remote, boolean closed) {
        if (closed) {
            byUfrag.remove(transport.localCredentials().ufrag(), transport);
        }
        if (remote != null) {
            byAddress.remove(remote, transport);
        }
    }

    Collection<LiteTransport> all() {
        return byUfrag.values();
    }

    int size() {
        return byUfrag.size();
    }
}
