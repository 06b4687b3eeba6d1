package io.strom.api.path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PathNamesTest {

    @Test
    void acceptsMediaMtxStyleNames() {
        for (String ok : new String[] {"cam", "live/cam-1", "a_b.c~d:e@f+g", "x".repeat(255)}) {
            assertTrue(PathNames.isValid(ok), ok);
        }
    }

    @Test
    void refusesWhatCouldEscapeOrConfuse() {
        for (String bad : new String[] {null, "", "/lead", "trail/", "a//b", "../etc", "a/../b", "sp ace", "q?x", "x".repeat(256)}) {
            assertFalse(PathNames.isValid(bad), String.valueOf(bad));
        }
    }
}
