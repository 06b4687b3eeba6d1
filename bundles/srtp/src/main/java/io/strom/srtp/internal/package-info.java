/**
 * The SRTP suites on the JDK's javax.crypto ({@code AES/GCM/NoPadding}, {@code AES/CTR/NoPadding},
 * {@code HmacSHA1}), which HotSpot runs on AES-NI and CLMUL: the component that registers them,
 * and the three cipher primitives the shared packet logic runs on.
 */
package io.strom.srtp.internal;
