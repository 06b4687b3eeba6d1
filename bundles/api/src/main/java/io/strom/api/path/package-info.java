/**
 * How protocols reach the stream core: a {@link io.strom.api.path.PathManager} finds a path's
 * configuration, adds a {@link io.strom.api.path.Publisher} or a {@link io.strom.api.path.Reader},
 * and hands back a handle. Requests and results are small value types, so adding a field breaks
 * no implementer.
 */
@Export
@Version("0.2.0")
package io.strom.api.path;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
