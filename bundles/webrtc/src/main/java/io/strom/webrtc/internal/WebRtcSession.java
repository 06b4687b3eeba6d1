package io.strom.webrtc.internal;

import io.strom.api.ice.IceCandidate;
import io.strom.api.protocol.ProtocolSession;

/** A WHEP reader or a WHIP publisher, as the HTTP handler and the control API see it. */
interface WebRtcSession {

    String id();

    String path();

    /** The SDP answer to the session's offer; starts ICE. Called once, before the 201. */
    String answer();

    /** A trickled candidate from a PATCH. */
    void addRemoteCandidate(IceCandidate candidate);

    /** Ends the session; idempotent, any thread. */
    void close(String reason);

    ProtocolSession snapshot();
}
