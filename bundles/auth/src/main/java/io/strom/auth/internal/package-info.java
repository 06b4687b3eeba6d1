/**
 * The internal {@link io.strom.api.auth.AuthManager}: users from configuration (MediaMTX's
 * {@code authInternalUsers}), each with a password (plain or {@code sha256:}), allowed client
 * networks and per-path permissions; HTTP Digest responses verified against plain passwords.
 */
package io.strom.auth.internal;
