/**
 * {@code strom.yml} onto ConfigAdmin: {@link io.strom.config.internal.StromYaml} parses the
 * MediaMTX-style file, {@link io.strom.config.internal.Validator} checks every key against the
 * {@link io.strom.config.internal.KeyTable} and builds a {@link io.strom.config.internal.ConfigPlan},
 * {@link io.strom.config.internal.ConfigApplier} writes the plan into ConfigAdmin, and
 * {@link io.strom.config.internal.YamlConfigLoader} loads the file at start and on every edit. A
 * file with any error is refused whole: the running configuration stays.
 */
package io.strom.config.internal;
