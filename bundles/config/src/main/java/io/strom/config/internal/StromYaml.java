package io.strom.config.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses strom.yml. YAML 1.1 rules, as MediaMTX's parser: {@code yes}/{@code no} are booleans.
 * Only plain data (maps, lists, scalars): no tags, no objects. Limits: 1 MiB of text, 50 levels
 * of nesting, aliases only 50 times (no "billion laughs").
 */
final class StromYaml {

    static final int MAX_BYTES = 1 << 20;

    private StromYaml() {
    }

    /** The top-level map of the document; an empty document is an empty map. */
    static Map<String, Object> parse(String text) throws ConfigError {
        if (text.length() > MAX_BYTES) {
            throw new ConfigError("the file is larger than " + MAX_BYTES + " bytes");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Object doc;
        try {
            doc = yaml.load(text);
        } catch (MarkedYAMLException e) {
            throw new ConfigError("YAML syntax error at line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigError("YAML error: " + e.getMessage());
        }
        if (doc == null) {
            return new LinkedHashMap<>();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigError("the file must be a map of keys, not " + ValueType.show(doc));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }
}
