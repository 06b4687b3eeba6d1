package io.strom.rtsp.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * One RTSP request, or the reason one could not be read ({@link #invalid}): the decoder never
 * throws, it hands the connection a value to answer with 400.
 *
 * @param method  the method, upper case as sent
 * @param uri     the request URI
 * @param headers header values by case-insensitive name
 * @param body    the body (SDP for ANNOUNCE), empty when none
 * @param invalid why the request is malformed, or null
 */
record RtspRequest(String method, String uri, Map<String, String> headers, String body, String invalid) {

    static RtspRequest invalid(String reason) {
        return new RtspRequest("", "", new TreeMap<>(String.CASE_INSENSITIVE_ORDER), "", reason);
    }

    String header(String name) {
        return headers.get(name);
    }

    /** The CSeq header, or null when absent. */
    String cseq() {
        return headers.get("CSeq");
    }
}
