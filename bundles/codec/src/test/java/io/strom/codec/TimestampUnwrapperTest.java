package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimestampUnwrapperTest {

    @Test
    void continuesAcrossTheWrapAndKeepsSmallStepsBack() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertEquals(0xFFFFF000L, u.unwrap(0xFFFFF000L));
        assertEquals(0x100000BB8L, u.unwrap(0x00000BB8L), "after the wrap");
        assertEquals(0x100000000L, u.unwrap(0x00000000L), "a step back (B-frame) is not a wrap");
        assertEquals(0x100001770L, u.unwrap(0x00001770L));
    }
}
