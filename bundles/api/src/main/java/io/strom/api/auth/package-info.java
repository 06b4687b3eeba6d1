/**
 * Authentication and authorization shared by every protocol and HTTP endpoint: a protocol
 * turns what the client sent into {@link io.strom.api.auth.Credentials} and asks the
 * {@link io.strom.api.auth.AuthManager} whether they allow an {@link io.strom.api.auth.AuthAction}
 * on a path, synchronously or (from an event loop) asynchronously. Passwords and tokens never
 * leave the implementation and never appear in a {@code toString}: digest responses and JWTs are
 * verified there.
 */
@Export
@Version("0.3.0")
package io.strom.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
