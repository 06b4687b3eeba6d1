package io.strom.config.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The default of every attribute that an installed bundle describes with Metatype, by PID
 * (singleton and factory), typed as ConfigAdmin would store it. A key whose bundle is not
 * installed has no default here.
 */
final class MetatypeDefaults {

    private final BundleContext context;
    private final MetaTypeService metaType;

    MetatypeDefaults(BundleContext context, MetaTypeService metaType) {
        this.context = context;
        this.metaType = metaType;
    }

    /** PID -> attribute id -> default, read now. */
    Map<String, Map<String, Object>> snapshot() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            for (String[] pids : List.of(info.getPids(), info.getFactoryPids())) {
                for (String pid : pids == null ? new String[0] : pids) {
                    ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                    AttributeDefinition[] ads = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
                    for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
                        out.computeIfAbsent(pid, p -> new HashMap<>()).put(ad.getID(), defaultValue(ad));
                    }
                }
            }
        }
        return out;
    }

    private static Object defaultValue(AttributeDefinition ad) {
        String[] defaults = ad.getDefaultValue();
        if (ad.getCardinality() != 0) {
            return defaults == null ? new String[0] : Arrays.stream(defaults).map(d -> typed(ad.getType(), d)).toArray();
        }
        return defaults == null || defaults.length == 0 ? null : typed(ad.getType(), defaults[0]);
    }

    /** The value as its type, or as written when it does not parse (some bundles describe defaults loosely). */
    private static Object typed(int type, String value) {
        try {
            return parse(type, value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static Object parse(int type, String value) {
        return switch (type) {
            case AttributeDefinition.BOOLEAN -> Boolean.parseBoolean(value);
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> Integer.parseInt(value);
            case AttributeDefinition.LONG -> Long.parseLong(value);
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> Double.parseDouble(value);
            default -> value;
        };
    }
}
