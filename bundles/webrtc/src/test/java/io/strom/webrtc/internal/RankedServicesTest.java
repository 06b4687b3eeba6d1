package io.strom.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

class RankedServicesTest {

    private static Map<String, Object> props(long id, int ranking) {
        return Map.of(Constants.SERVICE_ID, id, Constants.SERVICE_RANKING, ranking);
    }

    @Test
    void listsByDescendingRankingThenByServiceId() {
        RankedServices<String> services = new RankedServices<>();
        services.bind("b", props(2, 10));
        services.bind("a", props(1, 10));
        services.bind("c", props(3, 50));
        services.bind("unranked", Map.of(Constants.SERVICE_ID, 4L));
        assertEquals(List.of("c", "a", "b", "unranked"), services.byRanking());
        assertEquals("c", services.best());
    }

    @Test
    void aServiceWhoseRankingChangedIsStillRemovedWhenUnbound() {
        RankedServices<String> services = new RankedServices<>();
        services.bind("gcm128", props(31, 130));
        services.bind("gcm256", props(32, 120));
        services.updated("gcm128", props(31, 120));
        services.updated("gcm256", props(32, 130));
        assertEquals(List.of("gcm256", "gcm128"), services.byRanking());
        services.unbind("gcm128", props(31, 120));
        services.unbind("gcm256", props(32, 130));
        assertEquals(List.of(), services.byRanking());
        assertNull(services.best());
    }
}
