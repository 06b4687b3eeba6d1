package io.strom.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class IceServerLinksTest {

    @Test
    void stunAndTurnServersBecomeLinkHeaders() {
        assertEquals(List.of("<stun:stun.example.org:3478>; rel=\"ice-server\"",
                "<turn:turn.example.org:3478?transport=udp>; rel=\"ice-server\"; username=\"u\"; credential=\"p\\\"q\"; "
                        + "credential-type=\"password\""),
                IceServerLinks.of(new String[] {"stun:stun.example.org:3478", "turn:turn.example.org:3478?transport=udp,u,p\"q"}));
    }

    @Test
    void malformedEntriesAreSkipped() {
        assertEquals(List.of(), IceServerLinks.of(new String[] {"", "stun:a,b", "<x>:y"}));
    }
}
