/**
 * Which {@link io.strom.api.srtp.SrtpCipherSuite} services a provider bundle registers, computed
 * from its configuration ({@code profiles}, {@code gcmOnly}, {@code ranking}) as plain values, and
 * kept registered across configuration changes. Shared by the JCE and Bouncy Castle bundles
 * (srtp.bc copies this package in privately).
 */
package io.strom.srtp.internal.registry;
