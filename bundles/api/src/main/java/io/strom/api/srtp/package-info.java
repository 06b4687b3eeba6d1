/**
 * The SRTP SPI: one {@link io.strom.api.srtp.SrtpCipherSuite} service per protection profile
 * (RFC 7714 AEAD_AES_128_GCM and AEAD_AES_256_GCM, RFC 3711 AES_CM_128_HMAC_SHA1_80). Providers
 * (JCE, Bouncy Castle) are swappable; a session picks the highest-ranked suite at set-up.
 */
@Export
@Version("0.1.0")
package io.strom.api.srtp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
