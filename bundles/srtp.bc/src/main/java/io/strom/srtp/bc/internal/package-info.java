/**
 * The SRTP suites on Bouncy Castle's lightweight engines (AESEngine, GCMBlockCipher, HMac with
 * SHA1Digest), pure Java and independent of the JVM's crypto providers. The packet logic and the
 * suite registration are srtp's, copied into this bundle privately at build time.
 */
package io.strom.srtp.bc.internal;
