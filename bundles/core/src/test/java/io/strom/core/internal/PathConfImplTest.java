package io.strom.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathConfImplTest {

    private static String fieldOf(Map<String, ?> props) {
        return assertThrows(InvalidConfigException.class, () -> PathConfImpl.parse(props)).field();
    }

    @Test
    void defaultsAreMediaMtxs() throws Exception {
        PathConfImpl c = PathConfImpl.parse(Map.of("name", "cam"));
        assertEquals("publisher", c.source());
        assertTrue(c.overridePublisher());
        assertEquals(0, c.maxReaders());
    }

    @Test
    void eachInvalidValueNamesItsField() {
        assertEquals("name", fieldOf(Map.of()));
        assertEquals("name", fieldOf(Map.of("name", "~(unclosed")));
        assertEquals("name", fieldOf(Map.of("name", "bad name")));
        assertEquals("maxReaders", fieldOf(Map.of("name", "cam", "maxReaders", -5)));
        assertEquals("maxReaders", fieldOf(Map.of("name", "cam", "maxReaders", "many")));
        assertEquals("overridePublisher", fieldOf(Map.of("name", "cam", "overridePublisher", "perhaps")));
        assertEquals("source", fieldOf(Map.of("name", "cam", "source", "rtsp://elsewhere/x")));
    }

    @Test
    void stringValuesFromConfigFilesAreAccepted() throws Exception {
        PathConfImpl c = PathConfImpl.parse(Map.of("name", "cam", "overridePublisher", "no", "maxReaders", "3"));
        assertFalse(c.overridePublisher());
        assertEquals(3, c.maxReaders());
    }

    @Test
    void regexNamesMatchWholePaths() throws Exception {
        PathConfImpl c = PathConfImpl.parse(Map.of("name", "~cam[0-9]"));
        assertTrue(c.matches("cam1"));
        assertFalse(c.matches("cam12"));
    }
}
