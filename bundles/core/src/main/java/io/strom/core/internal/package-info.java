/**
 * The stream core: {@link io.strom.core.internal.PathManagerImpl} keeps paths and their
 * configurations, each published path has one {@link io.strom.core.internal.Stream} that fans a
 * unit out by reference to every reader's bounded {@link io.strom.core.internal.ReaderQueue}.
 * Nothing here is exported; protocols reach it through {@link io.strom.api.path.PathManager}.
 */
package io.strom.core.internal;
