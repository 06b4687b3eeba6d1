/**
 * The small HTTP listener the metrics and profiling endpoints share: one Netty event-loop thread,
 * HTTP Basic credentials checked by the {@link io.strom.api.auth.AuthManager}. The pprof bundle
 * copies this package in privately ({@code -conditionalpackage}), so neither bundle exports it.
 */
package io.strom.metrics.internal.http;
