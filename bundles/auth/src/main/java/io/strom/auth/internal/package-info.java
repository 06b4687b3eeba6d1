/**
 * The {@link io.strom.api.auth.AuthManager}: MediaMTX's {@code authMethod} {@code internal}
 * (users from configuration with plain, {@code sha256:} or {@code argon2:} passwords, allowed
 * client networks and per-path permissions; HTTP Digest responses verified against plain
 * passwords), {@code http} (an HTTP backend, answers cached briefly) and {@code jwt} (tokens
 * signed by a JWKS key, permissions in a claim), with failed logins slowed down per address.
 */
package io.strom.auth.internal;
