/**
 * The Prometheus endpoint: an HTTP listener on {@code metricsAddress} that answers
 * {@code GET /metrics} with the samples of every {@link io.strom.api.metrics.MetricsSource}
 * service, in the text exposition format 0.0.4.
 */
package io.strom.metrics.internal;
