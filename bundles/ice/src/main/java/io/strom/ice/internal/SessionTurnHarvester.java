package io.strom.ice.internal;

import org.ice4j.TransportAddress;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RelayedCandidate;
import org.ice4j.ice.ServerReflexiveCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvest;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.LongTermCredential;

/**
 * ice4j's TURN client, made to allocate from one session's own UDP socket only.
 *
 * <p>ice4j's harvester allocates from every UDP host candidate of the component; here those are
 * the shared port's, whose 5-tuple belongs to every session, so {@link #getHostCandidate} hands
 * ice4j the session's socket once instead and nothing else. Three more departures from ice4j:
 * no server-reflexive candidate (the shared port's mapping comes from {@link StunMappings}, and
 * one based on a socket the component does not list would be unusable), no Binding-request
 * fallback after a refused Allocate (it could only yield that candidate), and the gathering can be
 * {@link #stop stopped} at the caller's deadline, after which a late relay is freed instead
 * of joining a component whose answer is already sent.
 */
final class SessionTurnHarvester extends TurnCandidateHarvester {

    private final HostCandidate sessionHost;
    private final Object lock = new Object();
    private boolean handedOut;
    private boolean sealed;
    private Harvest harvest;

    SessionTurnHarvester(TransportAddress server, LongTermCredential credential, HostCandidate sessionHost) {
        super(server, credential);
        this.sessionHost = sessionHost;
    }

    /** ice4j asks once per host candidate of the component: the session's socket is the answer once. */
    @Override
    protected HostCandidate getHostCandidate(HostCandidate sharedPortCandidate) {
        synchronized (lock) {
            if (handedOut || sealed) {
                return null;
            }
            handedOut = true;
            return sessionHost;
        }
    }

    @Override
    protected TurnCandidateHarvest createHarvest(HostCandidate hostCandidate) {
        synchronized (lock) {
            harvest = new Harvest(this, hostCandidate);
            return harvest;
        }
    }

    /**
     * Ends the gathering: no candidate is added from here on, and a harvest still waiting for the
     * server is completed so that {@code harvest()} returns. Idempotent, from any thread.
     */
    void stop() {
        Harvest current;
        synchronized (lock) {
            sealed = true;
            current = harvest;
        }
        if (current != null) {
            current.complete();
        }
    }

    private boolean sealed() {
        synchronized (lock) {
            return sealed;
        }
    }

    /** One allocation; see the class comment for what differs from ice4j's. */
    private static final class Harvest extends TurnCandidateHarvest {

        private final SessionTurnHarvester owner;
        private boolean allocateSent;

        Harvest(SessionTurnHarvester owner, HostCandidate hostCandidate) {
            super(owner, hostCandidate);
            this.owner = owner;
        }

        @Override
        protected Request createRequestToStartResolvingCandidate() {
            synchronized (this) {
                if (allocateSent || owner.sealed()) {
                    return null;
                }
                allocateSent = true;
            }
            return super.createRequestToStartResolvingCandidate();
        }

        @Override
        protected ServerReflexiveCandidate createServerReflexiveCandidate(TransportAddress address) {
            return null;
        }

        @Override
        protected boolean addCandidate(LocalCandidate candidate) {
            synchronized (owner.lock) {
                if (!owner.sealed) {
                    return super.addCandidate(candidate);
                }
            }
            // Allocated after the deadline: closing the relayed socket deletes the allocation (a
            // zero-lifetime Refresh) and stops ice4j's refresh thread.
            if (candidate instanceof RelayedCandidate relayed) {
                harvester.getStunStack().removeSocket(relayed.getTransportAddress());
                relayed.getCandidateIceSocketWrapper().close();
            }
            return false;
        }

        void complete() {
            completedResolvingCandidate((Request) null, (Response) null);
        }
    }
}
