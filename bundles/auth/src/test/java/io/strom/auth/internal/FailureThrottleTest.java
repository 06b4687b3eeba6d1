package io.strom.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private static final long S = Duration.ofSeconds(1).toNanos();

    @Test
    void delaysGrowPerAddressAndAreForgotten() throws Exception {
        AtomicLong now = new AtomicLong();
        FailureThrottle t = new FailureThrottle(S, 16 * S, 300 * S, now::get);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        long[] expected = {1, 2, 4, 8, 16, 16};
        for (long e : expected) {
            assertEquals(e * S, t.failed(a));
        }
        assertEquals(S, t.failed(b), "another address starts at the base delay");
        now.addAndGet(301 * S);
        assertEquals(S, t.failed(a), "forgotten after a quiet period");
        assertEquals(2 * S, t.failed(a));
        t.succeeded(a);
        assertEquals(S, t.failed(a), "a success resets the address");
    }
}
