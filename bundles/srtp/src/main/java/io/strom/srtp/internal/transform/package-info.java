/**
 * SRTP and SRTCP packet protection written once against three small cipher primitives
 * ({@link io.strom.srtp.internal.transform.AesCtr}, {@link io.strom.srtp.internal.transform.AesGcm},
 * {@link io.strom.srtp.internal.transform.HmacSha1}): header parsing, the RFC 3711 key derivation,
 * rollover counter and replay window per SSRC, and the IV and AAD layouts of RFC 3711 and RFC 7714.
 * The JCE bundle implements the primitives on javax.crypto; srtp.bc copies this package in
 * privately ({@code -conditionalpackage}) and implements them on Bouncy Castle.
 */
package io.strom.srtp.internal.transform;
