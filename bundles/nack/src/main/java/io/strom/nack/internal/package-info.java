/**
 * NACK support for one session's tracks: {@link io.strom.nack.internal.RingRetransmissionBuffer}
 * keeps the last packets sent by sequence number, retaining the shared plaintext packet instead of
 * copying it, and {@link io.strom.nack.internal.RingNackGenerator} finds the gaps in what a
 * publisher sends. Both are primitive rings sized by configuration, so they allocate nothing per
 * packet, and both belong to a single event loop.
 */
package io.strom.nack.internal;
