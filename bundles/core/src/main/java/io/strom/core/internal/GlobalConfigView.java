package io.strom.core.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The global configuration as {@code /v3/config/global/get} shows it: every attribute of every
 * singleton Strom PID ({@code io.strom.*}) that an installed bundle describes with Metatype, at
 * its configured value or else its default. Attribute ids are MediaMTX's keys, so the result has
 * MediaMTX's shape for the protocols that are installed. Passwords are left out.
 */
final class GlobalConfigView {

    private GlobalConfigView() {
    }

    static Map<String, Object> read(BundleContext context, MetaTypeService metaType, ConfigurationAdmin configAdmin)
            throws IOException, InvalidSyntaxException {
        Map<String, Object> result = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            if (info == null) {
                continue;
            }
            for (String pid : info.getPids()) {
                if (!pid.startsWith("io.strom.")) {
                    continue;
                }
                ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                Dictionary<String, Object> props = properties(configAdmin, pid);
                for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                    if (ad.getType() == AttributeDefinition.PASSWORD) {
                        continue;
                    }
                    Object value = props == null ? null : props.get(ad.getID());
                    result.put(ad.getID(), value != null ? jsonValue(value) : defaultValue(ad));
                }
            }
        }
        return result;
    }

    private static Dictionary<String, Object> properties(ConfigurationAdmin configAdmin, String pid)
            throws IOException, InvalidSyntaxException {
        // listConfigurations, unlike getConfiguration, never creates an empty configuration.
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found == null || found.length == 0 ? null : found[0].getProperties();
    }

    private static Object jsonValue(Object value) {
        if (value.getClass().isArray()) {
            Object[] boxed = value instanceof Object[] objects ? objects : boxPrimitiveArray(value);
            return Arrays.asList(boxed);
        }
        return value;
    }

    private static Object[] boxPrimitiveArray(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = java.lang.reflect.Array.get(array, i);
        }
        return out;
    }

    static Object defaultValue(AttributeDefinition ad) {
        String[] defaults = ad.getDefaultValue();
        if (ad.getCardinality() != 0) {
            return defaults == null ? java.util.List.of() : Arrays.stream(defaults).map(d -> typed(ad.getType(), d)).toList();
        }
        return defaults == null || defaults.length == 0 ? null : typed(ad.getType(), defaults[0]);
    }

    static Object typed(int type, String value) {
        return switch (type) {
            case AttributeDefinition.BOOLEAN -> Boolean.parseBoolean(value);
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> Integer.parseInt(value);
            case AttributeDefinition.LONG -> Long.parseLong(value);
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> Double.parseDouble(value);
            default -> value;
        };
    }
}
