package io.strom.pprof.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PprofHandlerTest {

    @Test
    void secondsFromOneToThreeHundredDefaultThirty() {
        assertEquals(30, PprofHandler.seconds(null));
        assertEquals(30, PprofHandler.seconds(List.of()));
        assertEquals(1, PprofHandler.seconds(List.of("1")));
        assertEquals(300, PprofHandler.seconds(List.of("300")));
    }

    @Test
    void otherSecondsAreRefusedWithTheFieldNamed() {
        for (String bad : new String[] {"0", "301", "-5", "1.5", "", "ten", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PprofHandler.seconds(List.of(bad)), bad);
            assertEquals(true, e.getMessage().startsWith("seconds: must be a whole number from 1 to 300"), e.getMessage());
        }
    }
}
