package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;

/**
 * One chunk of a segment: an LL-HLS part ({@code part<id>.mp4}) for the low-latency variant.
 *
 * @param id          number, increasing over the muxer's life
 * @param duration    seconds
 * @param independent whether it starts with a keyframe
 * @param data        its bytes, owned by the muxer
 */
record Part(long id, double duration, boolean independent, ByteBuf data) {
}
