package io.strom.api.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void listenAddressesAsMediaMtxWritesThem() {
        assertEquals(new ListenAddress("", 8554), ListenAddress.parse("rtspAddress", ":8554"));
        assertTrue(ListenAddress.parse("rtspAddress", ":8554").isWildcard());
        assertEquals(new ListenAddress("127.0.0.1", 0), ListenAddress.parse("rtspAddress", " 127.0.0.1:0 "));
        assertEquals(new ListenAddress("::1", 8189), ListenAddress.parse("x", "[::1]:8189"));
        assertEquals(8189, ListenAddress.parse("x", "[::1]:8189").toSocketAddress().getPort());
        for (String bad : new String[] {"8554", "host:", ":70000", ":-1", "", "a:b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("rtspAddress", bad));
            assertTrue(e.getMessage().startsWith("rtspAddress: "), e.getMessage());
        }
    }

    @Test
    void durationsAsMediaMtxWritesThem() {
        assertEquals(Duration.ofSeconds(10), Durations.parse("readTimeout", "10s"));
        assertEquals(Duration.ofMillis(90_500), Durations.parse("readTimeout", "1m30s500ms"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("readTimeout", "1.5h"));
        for (String bad : new String[] {"", "10", "0s", "s", "10x", "-1s", "1s 2s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("readTimeout", bad));
            assertTrue(e.getMessage().startsWith("readTimeout: "), e.getMessage());
        }
    }
}
