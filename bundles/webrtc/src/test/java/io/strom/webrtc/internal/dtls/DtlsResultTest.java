package io.strom.webrtc.internal.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtlsResultTest {

    /** Offsets per RFC 5764 4.2: client key, server key, client salt, server salt. */
    @ParameterizedTest
    @CsvSource({
        "AES128_CM_HMAC_SHA1_80, 60, 0, 16, 32, 46",
        "AEAD_AES_128_GCM,       56, 0, 16, 32, 44",
        "AEAD_AES_256_GCM,       88, 0, 32, 64, 76",
    })
    void splitsClientThenServerKeysThenSalts(SrtpProfile profile, int total, int clientKey, int serverKey,
            int clientSalt, int serverSalt) {
        byte[] material = new byte[total];
        for (int i = 0; i < total; i++) {
            material[i] = (byte) i;
        }
        DtlsResult result = DtlsResult.forServer(profile, material);

        assertEquals(total, profile.keyingMaterialLength());
        assertArrayEquals(Arrays.copyOfRange(material, clientKey, serverKey), result.remoteKey());
        assertArrayEquals(Arrays.copyOfRange(material, serverKey, clientSalt), result.localKey());
        assertArrayEquals(Arrays.copyOfRange(material, clientSalt, serverSalt), result.remoteSalt());
        assertArrayEquals(Arrays.copyOfRange(material, serverSalt, total), result.localSalt());
    }

    @Test
    void refusesMaterialOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class,
                () -> DtlsResult.forServer(SrtpProfile.AEAD_AES_128_GCM, new byte[60]));
    }

    @Test
    void handsOutCopies() {
        DtlsResult result = DtlsResult.forServer(SrtpProfile.AEAD_AES_128_GCM, new byte[56]);
        result.localKey()[0] = 1;
        assertEquals(0, result.localKey()[0]);
        assertEquals("DtlsResult[AEAD_AES_128_GCM]", result.toString());
    }
}
