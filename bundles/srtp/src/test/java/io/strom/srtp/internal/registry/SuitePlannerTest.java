package io.strom.srtp.internal.registry;

import static io.strom.srtp.internal.transform.SrtpProfile.SRTP_AEAD_AES_128_GCM;
import static io.strom.srtp.internal.transform.SrtpProfile.SRTP_AEAD_AES_256_GCM;
import static io.strom.srtp.internal.transform.SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuitePlannerTest {

    static final String[] DEFAULT = {"SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_256_GCM", "SRTP_AES128_CM_HMAC_SHA1_80"};

    @Test
    void listedOrderBecomesRanking() throws Exception {
        assertEquals(List.of(new PlannedSuite(SRTP_AEAD_AES_128_GCM, 130), new PlannedSuite(SRTP_AEAD_AES_256_GCM, 120),
                new PlannedSuite(SRTP_AES128_CM_HMAC_SHA1_80, 110)), SuitePlanner.plan(DEFAULT, false, 100));
        assertEquals(List.of(new PlannedSuite(SRTP_AES128_CM_HMAC_SHA1_80, 30), new PlannedSuite(SRTP_AEAD_AES_256_GCM, 20)),
                SuitePlanner.plan(new String[] {"SRTP_AES128_CM_HMAC_SHA1_80", " SRTP_AEAD_AES_256_GCM "}, false, 0));
    }

    @Test
    void defaultBaseRankingsPutEveryJceSuiteAboveEveryBcSuite() throws Exception {
        int lowestJce = SuitePlanner.plan(DEFAULT, false, 100).get(2).ranking();
        int highestBc = SuitePlanner.plan(DEFAULT, false, 0).get(0).ranking();
        assertEquals(true, lowestJce > highestBc);
    }

    @Test
    void gcmOnlyDropsTheCmProfile() throws Exception {
        assertEquals(List.of(new PlannedSuite(SRTP_AEAD_AES_128_GCM, 130), new PlannedSuite(SRTP_AEAD_AES_256_GCM, 120)),
                SuitePlanner.plan(DEFAULT, true, 100));
    }

    @Test
    void invalidSettingsNameTheAttributeAndValue() {
        InvalidSettingException unknown = assertThrows(InvalidSettingException.class,
                () -> SuitePlanner.plan(new String[] {"SRTP_AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_32"}, false, 0));
        assertEquals("profiles", unknown.attribute());
        assertEquals(true, unknown.getMessage().contains("'AES_CM_128_HMAC_SHA1_32'"), unknown.getMessage());
        assertEquals("profiles", assertThrows(InvalidSettingException.class,
                () -> SuitePlanner.plan(new String[0], false, 0)).attribute());
        assertEquals("profiles", assertThrows(InvalidSettingException.class,
                () -> SuitePlanner.plan(new String[] {"SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_128_GCM"}, false, 0))
                .attribute());
        assertEquals("gcmOnly", assertThrows(InvalidSettingException.class,
                () -> SuitePlanner.plan(new String[] {"SRTP_AES128_CM_HMAC_SHA1_80"}, true, 0)).attribute());
        assertEquals("ranking", assertThrows(InvalidSettingException.class,
                () -> SuitePlanner.plan(DEFAULT, false, Integer.MAX_VALUE)).attribute());
    }
}
