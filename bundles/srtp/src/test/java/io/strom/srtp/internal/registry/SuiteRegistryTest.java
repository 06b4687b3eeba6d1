package io.strom.srtp.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.srtp.internal.transform.AesCtr;
import io.strom.srtp.internal.transform.AesGcm;
import io.strom.srtp.internal.transform.CipherPrimitives;
import io.strom.srtp.internal.transform.HmacSha1;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/** Re-registration on configuration changes, against a publisher that keeps services in a map. */
class SuiteRegistryTest {

    /** Registered services by profile name, with their current properties. */
    private final Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    private final Map<String, SrtpCipherSuite> suites = new LinkedHashMap<>();
    private final SuiteRegistry registry = new SuiteRegistry("io.strom.srtp.test", new NamedOnly("test"),
            (suite, props) -> {
                String name = suite.profile();
                services.put(name, props);
                suites.put(name, suite);
                return new ServicePublisher.Registration() {
                    @Override
                    public void setProperties(Map<String, Object> p) {
                        services.put(name, p);
                    }

                    @Override
                    public void unregister() {
                        services.remove(name);
                        suites.remove(name);
                    }
                };
            });

    @Test
    void registersEachProfileWithItsPropertiesAndRanking() {
        assertTrue(registry.apply(SuitePlannerTest.DEFAULT, false, 100));
        assertEquals(3, services.size());
        Map<String, Object> gcm = services.get("SRTP_AEAD_AES_128_GCM");
        assertEquals("SRTP_AEAD_AES_128_GCM", gcm.get(SrtpCipherSuite.PROFILE));
        assertEquals("test", gcm.get(SrtpCipherSuite.PROVIDER));
        assertEquals(130, gcm.get(Constants.SERVICE_RANKING));
        assertEquals(110, services.get("SRTP_AES128_CM_HMAC_SHA1_80").get(Constants.SERVICE_RANKING));
        assertEquals(0x0007, suites.get("SRTP_AEAD_AES_128_GCM").profileId());
        assertEquals(20, suites.get("SRTP_AEAD_AES_128_GCM").overhead());
        assertEquals(14, suites.get("SRTP_AES128_CM_HMAC_SHA1_80").overhead());
    }

    @Test
    void gcmOnlyUnregistersCmAndKeepsTheGcmServices() {
        registry.apply(SuitePlannerTest.DEFAULT, false, 100);
        SrtpCipherSuite gcm = suites.get("SRTP_AEAD_AES_128_GCM");
        assertTrue(registry.apply(SuitePlannerTest.DEFAULT, true, 100));
        assertEquals(2, services.size());
        assertFalse(services.containsKey("SRTP_AES128_CM_HMAC_SHA1_80"));
        assertSame(gcm, suites.get("SRTP_AEAD_AES_128_GCM"), "kept, not re-registered");
    }

    @Test
    void aRankingChangeReRanksInPlace() {
        registry.apply(SuitePlannerTest.DEFAULT, false, 100);
        registry.apply(new String[] {"SRTP_AEAD_AES_256_GCM", "SRTP_AEAD_AES_128_GCM"}, false, -50);
        assertEquals(-20, services.get("SRTP_AEAD_AES_256_GCM").get(Constants.SERVICE_RANKING));
        assertEquals(-30, services.get("SRTP_AEAD_AES_128_GCM").get(Constants.SERVICE_RANKING));
        assertEquals(2, services.size());
    }

    @Test
    void anInvalidConfigurationKeepsWhatIsRegistered() {
        registry.apply(SuitePlannerTest.DEFAULT, false, 100);
        Map<String, Map<String, Object>> before = new LinkedHashMap<>(services);
        assertFalse(registry.apply(new String[] {"SRTP_AEAD_AES_128_GCM", "NO_SUCH_PROFILE"}, false, 100));
        assertFalse(registry.apply(new String[0], false, 100));
        assertFalse(registry.apply(new String[] {"SRTP_AES128_CM_HMAC_SHA1_80"}, true, 100));
        assertEquals(before, services);
    }

    @Test
    void anInvalidFirstConfigurationRegistersNothing() {
        assertFalse(registry.apply(new String[] {"NO_SUCH_PROFILE"}, false, 0));
        assertTrue(services.isEmpty());
    }

    @Test
    void closeUnregistersEverything() {
        registry.apply(SuitePlannerTest.DEFAULT, false, 100);
        registry.close();
        assertTrue(services.isEmpty());
    }

    /** Primitives that are never asked for ciphers here: the registry only names the provider. */
    private record NamedOnly(String provider) implements CipherPrimitives {
        @Override
        public AesCtr aesCtr(byte[] key) {
            throw new AssertionError("no cipher needed");
        }

        @Override
        public AesGcm aesGcm(byte[] key) {
            throw new AssertionError("no cipher needed");
        }

        @Override
        public HmacSha1 hmacSha1(byte[] key) {
            throw new AssertionError("no cipher needed");
        }
    }
}
