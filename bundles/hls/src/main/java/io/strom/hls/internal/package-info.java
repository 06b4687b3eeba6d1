/**
 * The HLS server: one muxer per path turns the stream's access units into fMP4 parts and
 * segments (Low-Latency HLS and plain fMP4) or MPEG-TS segments through the {@code codec}
 * bundle's writers, held in memory and served over Netty HTTP with blocking playlist reloads.
 */
package io.strom.hls.internal;
