package io.strom.ice.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import java.util.stream.Stream;

/** Each bad attribute is refused at activation with its name in the message, and nothing is left bound. */
class BadConfigTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("webrtcLocalUDPAddress", "8189", "webrtcLocalUDPAddress"),
                Arguments.of("webrtcLocalUDPAddress", "example.org:8189", "webrtcLocalUDPAddress"),
                Arguments.of("webrtcLocalUDPAddress", ":70000", "webrtcLocalUDPAddress"),
                Arguments.of("webrtcLocalTCPAddress", "x:y", "webrtcLocalTCPAddress"),
                Arguments.of("webrtcICEServers2", new String[] {"stun:ok.example:3478", "http://x"}, "webrtcICEServers2[1]"),
                Arguments.of("webrtcICEServers2", new String[] {"turn:t.example:3478"}, "webrtcICEServers2[0]"),
                Arguments.of("webrtcICEServers2", new String[] {"stun:s.example:port"}, "webrtcICEServers2[0]"),
                Arguments.of("webrtcICEServers2", new String[] {"stun:s.example?transport=sctp"}, "webrtcICEServers2[0]"),
                Arguments.of("webrtcHandshakeTimeout", "ten seconds", "webrtcHandshakeTimeout"),
                Arguments.of("webrtcHandshakeTimeout", "0s", "webrtcHandshakeTimeout"),
                Arguments.of("mdns", "maybe", "mdns"),
                Arguments.of("mdnsMaxQueriesPerSecond", 0, "mdnsMaxQueriesPerSecond"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void rejectedNamingTheAttribute(String attribute, Object value, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestConfigs.loopbackFactory(Map.of(attribute, value)));
        assertTrue(e.getMessage().startsWith(named), e.getMessage());
    }
}
