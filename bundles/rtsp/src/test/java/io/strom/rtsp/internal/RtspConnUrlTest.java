package io.strom.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** URLs with a query, as ffmpeg sends them once the Content-Base carries one. */
class RtspConnUrlTest {

    @Test
    void aControlAppendedAfterTheQueryStaysAndTheQueryIsWithoutIt() throws Exception {
        String[][] table = {
            // uri, stripped, query
            {"rtsp://h:8554/live/cam", "rtsp://h:8554/live/cam", ""},
            {"rtsp://h:8554/live/cam/", "rtsp://h:8554/live/cam", ""},
            {"rtsp://h:8554/live/cam?jwt=a.b.c", "rtsp://h:8554/live/cam", "jwt=a.b.c"},
            {"rtsp://h:8554/live/cam?jwt=a.b.c/trackID=1", "rtsp://h:8554/live/cam/trackID=1", "jwt=a.b.c"},
            {"rtsp://h:8554/live/cam?user=x&pass=y/streamid=0", "rtsp://h:8554/live/cam/streamid=0", "user=x&pass=y"},
        };
        for (String[] row : table) {
            assertEquals(row[1], RtspConn.stripQuery(row[0]), row[0]);
            assertEquals(row[2], RtspConn.queryOf(row[0]), row[0]);
        }
        assertEquals("live/cam", RtspConn.pathOf("rtsp://h:8554/live/cam?jwt=a.b.c"));
    }
}
