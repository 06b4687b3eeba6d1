/**
 * Authentication and authorization shared by every protocol and HTTP endpoint: a protocol
 * turns what the client sent into {@link io.strom.api.auth.Credentials} and asks the
 * {@link io.strom.api.auth.AuthManager} whether they allow an {@link io.strom.api.auth.AuthAction}
 * on a path. Passwords never leave the implementation: digest responses are verified there.
 */
@Export
@Version("0.1.0")
package io.strom.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
