/**
 * How Strom's configuration values are written, for every bundle and protocol plugin: MediaMTX's
 * listen addresses ({@code :8554}, {@code 127.0.0.1:8554}, {@code [::1]:8554}) and durations
 * ({@code 10s}, {@code 500ms}, {@code 1m30s}). Parse errors name the attribute, so a rejected
 * configuration says which field is wrong.
 */
@Export
@Version("0.1.0")
package io.strom.api.settings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
