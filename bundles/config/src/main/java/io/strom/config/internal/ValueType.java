package io.strom.config.internal;

import io.strom.api.settings.Durations;
import io.strom.api.settings.ListenAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of values strom.yml keys take, each converting a YAML value into what ConfigAdmin
 * stores (Boolean, Integer, String, String[]) or explaining why it cannot.
 */
enum ValueType {
    BOOL {
        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s) {
                switch (s.trim().toLowerCase(Locale.ROOT)) {
                    case "yes", "true" -> {
                        return true;
                    }
                    case "no", "false" -> {
                        return false;
                    }
                    default -> { }
                }
            }
            throw new BadValue(show(v) + " is not yes/no or true/false");
        }
    },
    INT {
        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof Integer i) {
                return i;
            }
            if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return l.intValue();
            }
            throw new BadValue(show(v) + " is not an integer");
        }
    },
    STRING {
        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                return v.toString();
            }
            throw new BadValue(show(v) + " is not a single value");
        }
    },
    /** Checked by the same parser the bundles use, so strom.yml accepts exactly what they accept. */
    ADDRESS {
        @Override
        Object convert(Object v) throws BadValue {
            try {
                if (v instanceof String s) {
                    ListenAddress.parse("", s);
                    return s.trim();
                }
            } catch (IllegalArgumentException e) {
                // reported below, with the value as written
            }
            throw new BadValue(show(v) + " is not an address like \":8554\" or \"127.0.0.1:8554\"");
        }
    },
    DURATION {
        @Override
        Object convert(Object v) throws BadValue {
            try {
                if (v instanceof String s) {
                    Durations.parse("", s);
                    return s.trim();
                }
            } catch (IllegalArgumentException e) {
                // reported below, with the value as written
            }
            throw new BadValue(show(v) + " is not a duration like \"10s\", \"500ms\" or \"1m30s\"");
        }
    },
    /**
     * MediaMTX's {@code webrtcICEServers2}: a list of {url, username, password}, stored as one
     * entry per server, {@code url} or {@code url,username,password}, the form the ICE bundle reads.
     */
    ICE_SERVERS {
        @Override
        Object convert(Object v) throws BadValue {
            if (!(v instanceof List<?> list)) {
                throw new BadValue(show(v) + " is not a list of ICE servers");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof java.util.Map<?, ?> server) || server.get("url") == null
                        || !server.get("url").toString().matches("(stun|stuns|turn|turns):[^,\\s]+")) {
                    throw new BadValue("ICE server " + i + " needs a url like stun:host:3478 or turn:host:3478");
                }
                String user = server.get("username") == null ? "" : server.get("username").toString();
                String pass = server.get("password") == null ? "" : server.get("password").toString();
                if ((user + pass).matches(".*[,\\s].*")) {
                    throw new BadValue("ICE server " + i + ": username and password must not contain commas or spaces");
                }
                out.add(user.isEmpty() && pass.isEmpty() ? server.get("url").toString()
                        : server.get("url") + "," + user + "," + pass);
            }
            return out.toArray(String[]::new);
        }

        @Override
        Object toPlain(Object stored) {
            List<Object> out = new ArrayList<>();
            for (Object entry : asList(stored)) {
                String[] f = entry.toString().split(",", 3);
                java.util.Map<String, Object> server = new java.util.LinkedHashMap<>();
                server.put("url", f[0]);
                server.put("username", f.length > 1 ? f[1] : "");
                server.put("password", f.length > 2 && !f[2].isEmpty() ? io.strom.api.config.ConfigStore.REDACTED : "");
                out.add(server);
            }
            return out;
        }
    },
    /**
     * MediaMTX's {@code authInternalUsers}: a list of {user, pass, ips, permissions: [{action, path}]},
     * stored as one line per user ({@code user=... pass=... ips=a,b permissions=read:cam,...}),
     * the form the auth bundle reads and the Web Console edits.
     */
    AUTH_USERS {
        @Override
        Object convert(Object v) throws BadValue {
            if (!(v instanceof List<?> list)) {
                throw new BadValue(show(v) + " is not a list of users");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof java.util.Map<?, ?> user)) {
                    throw new BadValue("user " + i + " is not a map with user, pass, ips, permissions");
                }
                out.add(userLine(i, user));
            }
            return out.toArray(String[]::new);
        }

        private String userLine(int i, java.util.Map<?, ?> user) throws BadValue {
            for (Object k : user.keySet()) {
                if (!java.util.Set.of("user", "pass", "ips", "permissions").contains(String.valueOf(k))) {
                    throw new BadValue("user " + i + " has an unknown key '" + k + "'");
                }
            }
            String name = user.get("user") == null ? "" : user.get("user").toString();
            if (name.isEmpty() || name.matches(".*\\s.*")) {
                throw new BadValue("user " + i + " needs a user name without spaces");
            }
            StringBuilder line = new StringBuilder("user=").append(name);
            Object pass = user.get("pass");
            if (pass != null && !pass.toString().isEmpty()) {
                if (pass.toString().matches(".*\\s.*")) {
                    throw new BadValue("user " + i + ": pass must not contain spaces");
                }
                line.append(" pass=").append(pass);
            }
            List<String> ips = new ArrayList<>();
            if (user.get("ips") instanceof List<?> l) {
                for (Object ip : l) {
                    if (ip == null || !ip.toString().matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?")) {
                        throw new BadValue("user " + i + ": ips has " + show(ip) + ", not an address or network");
                    }
                    ips.add(ip.toString());
                }
            } else if (user.get("ips") != null) {
                throw new BadValue("user " + i + ": ips is not a list");
            }
            if (!ips.isEmpty()) {
                line.append(" ips=").append(String.join(",", ips));
            }
            List<String> perms = permissions("user " + i + ": ", user.get("permissions"));
            return line.append(" permissions=").append(String.join(",", perms)).toString();
        }

        @Override
        Object toPlain(Object stored) {
            List<Object> out = new ArrayList<>();
            for (Object line : asList(stored)) {
                java.util.Map<String, Object> user = new java.util.LinkedHashMap<>();
                user.put("user", "");
                user.put("pass", "");
                user.put("ips", List.of());
                user.put("permissions", List.of());
                for (String field : line.toString().trim().split("\\s+")) {
                    int eq = field.indexOf('=');
                    String k = eq < 0 ? field : field.substring(0, eq);
                    String v = eq < 0 ? "" : field.substring(eq + 1);
                    switch (k) {
                        case "user" -> user.put("user", v);
                        case "pass" -> user.put("pass", v.isEmpty() ? "" : io.strom.api.config.ConfigStore.REDACTED);
                        case "ips" -> user.put("ips", v.isEmpty() ? List.of() : List.of(v.split(",")));
                        case "permissions" -> user.put("permissions", plainPermissions(v.isEmpty() ? List.of() : List.of(v.split(","))));
                        default -> { }
                    }
                }
                out.add(user);
            }
            return out;
        }
    },
    /**
     * MediaMTX's {@code authHTTPExclude}: a list of {action, path}, stored as one
     * {@code action[:path]} entry each, the form the auth bundle reads.
     */
    AUTH_PERMISSIONS {
        @Override
        Object convert(Object v) throws BadValue {
            if (!(v instanceof List)) {
                throw new BadValue(show(v) + " is not a list of {action, path}");
            }
            return permissions("", v).toArray(String[]::new);
        }

        @Override
        Object toPlain(Object stored) {
            return plainPermissions(asList(stored));
        }
    },
    STRING_LIST {
        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof List<?> list) {
                List<String> out = new ArrayList<>();
                for (Object item : list) {
                    if (item instanceof List || item instanceof java.util.Map || item == null) {
                        throw new BadValue("an item of the list is not a single value");
                    }
                    out.add(item.toString());
                }
                return out.toArray(String[]::new);
            }
            throw new BadValue(show(v) + " is not a list");
        }
    };

    private static final java.util.Set<String> ACTIONS = java.util.Set.of("publish", "read", "playback", "api", "metrics", "pprof");

    /** A YAML list of {action, path} (or null) as {@code action[:path]} entries; {@code where} starts messages. */
    static List<String> permissions(String where, Object value) throws BadValue {
        List<String> perms = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (Object p : l) {
                if (!(p instanceof java.util.Map<?, ?> perm) || !ACTIONS.contains(String.valueOf(perm.get("action")))) {
                    throw new BadValue(where + "a permission needs an action among " + new java.util.TreeSet<>(ACTIONS));
                }
                Object path = perm.get("path");
                String ps = path == null ? "" : path.toString();
                if (ps.matches(".*[\\s,].*")) {
                    throw new BadValue(where + "permission path " + show(path) + " has a space or comma");
                }
                perms.add(ps.isEmpty() ? perm.get("action").toString() : perm.get("action") + ":" + ps);
            }
        } else if (value != null) {
            throw new BadValue(where + "permissions is not a list");
        }
        return perms;
    }

    /** The ConfigAdmin value for the YAML value {@code v}. */
    abstract Object convert(Object v) throws BadValue;

    /** Stored {@code action[:path]} entries as MediaMTX's list of {action, path}. */
    static List<Object> plainPermissions(List<?> entries) {
        List<Object> out = new ArrayList<>();
        for (Object e : entries) {
            String p = e.toString();
            int colon = p.indexOf(':');
            out.add(java.util.Map.of("action", colon < 0 ? p : p.substring(0, colon), "path", colon < 0 ? "" : p.substring(colon + 1)));
        }
        return out;
    }

    /**
     * A stored (or default) value back in the plain form strom.yml and the control API use:
     * arrays become lists, and passwords read as {@link io.strom.api.config.ConfigStore#REDACTED}.
     */
    Object toPlain(Object stored) {
        return stored != null && stored.getClass().isArray() ? asList(stored) : stored;
    }

    static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!value.getClass().isArray()) {
            return value instanceof java.util.Collection<?> c ? new ArrayList<>(c) : List.of(value);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
            out.add(java.lang.reflect.Array.get(value, i));
        }
        return out;
    }

    static String show(Object v) {
        if (v == null) {
            return "an empty value";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof java.util.Map) {
            return "a map";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v.toString();
    }

    /** Why a value cannot be used. */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message);
        }
    }
}
