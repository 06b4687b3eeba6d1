/**
 * The control API: {@link io.strom.control.internal.ApiServer} listens on {@code apiAddress},
 * {@link io.strom.control.internal.ApiHandler} checks each request with the
 * {@link io.strom.api.auth.AuthManager} (action {@code api}) and hands it to
 * {@link io.strom.control.internal.ApiRouter}, which answers MediaMTX's v3 paths from the
 * {@link io.strom.api.path.PathManager}, the registered {@link io.strom.api.protocol.ProtocolServer}s
 * and the {@link io.strom.api.config.ConfigStore}. Nothing here is exported.
 */
package io.strom.control.internal;
