package io.strom.rtmp.internal;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A peer broke the RTMP chunk stream or one of our limits; the message names which.
 *
 * <p>A {@link CorruptedFrameException} so that {@link io.netty.handler.codec.ByteToMessageDecoder}
 * fires it through {@code exceptionCaught} as is instead of wrapping it. The connection cannot
 * resynchronise on a chunk stream, so it closes.
 */
final class RtmpProtocolException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    RtmpProtocolException(String message) {
        super(message);
    }
}
