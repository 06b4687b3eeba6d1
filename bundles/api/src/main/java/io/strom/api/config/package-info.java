/**
 * The configuration as the control API edits it: a {@link io.strom.api.config.ConfigStore}
 * reads and changes the global settings, the path defaults and the path configurations by their
 * MediaMTX keys, validates a change exactly as {@code strom.yml} is validated and writes it to
 * ConfigAdmin, so the Web Console and every bundle see the same state. A refused change is a
 * {@link io.strom.api.config.ConfigException} naming the fields at fault.
 */
@Export
@Version("0.1.0")
package io.strom.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
