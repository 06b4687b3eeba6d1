/**
 * The profiling endpoint, MediaMTX's {@code pprof} for a JVM: JFR recordings, thread dumps and
 * heap histograms over HTTP on {@code pprofAddress}, off by default.
 */
package io.strom.pprof.internal;
