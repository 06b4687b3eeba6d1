package io.strom.config.internal;

import java.util.Map;

/**
 * What a valid file asks for: for each singleton PID, the properties the file sets; and the
 * paths, by name, each with its properties ({@code pathDefaults} already merged in).
 */
record ConfigPlan(Map<String, Map<String, Object>> pids, Map<String, Map<String, Object>> paths) {
}
