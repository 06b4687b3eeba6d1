package io.strom.webrtc.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;

/**
 * The services bound to one dynamic, multiple reference, kept by service id and listed by
 * ranking. DS calls {@link #bind}, {@link #updated} and {@link #unbind}; any thread may list.
 *
 * <p>This replaces a DS field reference on purpose: Felix SCR (2.2.18) keeps a field's bound
 * values in a map sorted by {@code ServiceReference} order, which includes
 * {@code service.ranking}. Once a bound service changes its ranking (the SRTP providers re-rank
 * their suites in place), that map can no longer find it, and the field keeps the service after
 * it is unregistered: new sessions would then use a suite of a stopped bundle. Service ids
 * never change, so this map does not have the problem.
 */
final class RankedServices<S> {

    private static final Comparator<Map.Entry<Map<String, Object>, ?>> BY_RANKING =
            Comparator.<Map.Entry<Map<String, Object>, ?>>comparingInt(e -> -ranking(e.getKey()))
                    .thenComparingLong(e -> id(e.getKey()));

    private final Map<Long, Map.Entry<Map<String, Object>, S>> byId = new ConcurrentHashMap<>();

    void bind(S service, Map<String, Object> properties) {
        byId.put(id(properties), Map.entry(properties, service));
    }

    /** The properties changed (a new ranking, say); the service stays. */
    void updated(S service, Map<String, Object> properties) {
        bind(service, properties);
    }

    void unbind(S service, Map<String, Object> properties) {
        byId.remove(id(properties));
    }

    /** By descending ranking, then by ascending service id (the OSGi order). */
    List<S> byRanking() {
        List<Map.Entry<Map<String, Object>, S>> sorted = new ArrayList<>(byId.values());
        sorted.sort(BY_RANKING);
        return sorted.stream().map(Map.Entry::getValue).toList();
    }

    /** The highest-ranked service, or null when none is bound. */
    S best() {
        Map.Entry<Map<String, Object>, S> best = bestEntry();
        return best == null ? null : best.getValue();
    }

    /** The service properties of the highest-ranked service, or an empty map when none is bound. */
    Map<String, Object> bestProperties() {
        Map.Entry<Map<String, Object>, S> best = bestEntry();
        return best == null ? Map.of() : best.getKey();
    }

    private Map.Entry<Map<String, Object>, S> bestEntry() {
        return byId.values().stream().min(BY_RANKING).orElse(null);
    }

    private static long id(Map<String, Object> properties) {
        return ((Number) properties.get(Constants.SERVICE_ID)).longValue();
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
    }
}
