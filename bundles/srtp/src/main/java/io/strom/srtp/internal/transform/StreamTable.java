package io.strom.srtp.internal.transform;

/**
 * The {@link StreamState}s of one context by SSRC. A WebRTC session bundles a handful of SSRCs
 * (audio, video, RTX, simulcast layers) under one key, so a linear scan over an array, remembering
 * the last hit, beats hashing and allocates nothing. A receiver adds a stream only after a packet
 * of it authenticated, so forged SSRCs cannot fill the table; at {@code capacity} streams further
 * ones are refused.
 */
final class StreamTable {

    private final StreamState[] streams;
    private int size;
    private StreamState last;

    StreamTable(int capacity) {
        streams = new StreamState[capacity];
    }

    /** The stream of that SSRC, or null. */
    StreamState find(int ssrc) {
        StreamState l = last;
        if (l != null && l.ssrc == ssrc) {
            return l;
        }
        for (int i = 0; i < size; i++) {
            if (streams[i].ssrc == ssrc) {
                last = streams[i];
                return last;
            }
        }
        return null;
    }

    /** The stream of that SSRC, added if new; null when the table is full. */
    StreamState findOrAdd(int ssrc) {
        StreamState s = find(ssrc);
        if (s != null || size == streams.length) {
            return s;
        }
        s = new StreamState(ssrc);
        streams[size++] = s;
        last = s;
        return s;
    }
}
