package io.strom.webrtc.internal.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtlsFingerprintTest {
    private static final byte[] DER = "not really DER, any bytes hash".getBytes(StandardCharsets.US_ASCII);

    @Test
    void parsesLowercaseAndFormatsUppercase() {
        String lower = DtlsFingerprint.of("sha-256", DER).value().toLowerCase();
        DtlsFingerprint parsed = DtlsFingerprint.parse("SHA-256", lower);
        assertEquals("sha-256", parsed.algorithm());
        assertEquals(lower.toUpperCase(), parsed.value());
        assertTrue(parsed.value().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), parsed.value());
    }

    @Test
    void matchesOnlyTheHashedCertificate() {
        DtlsFingerprint fingerprint = DtlsFingerprint.parse("sha-1", DtlsFingerprint.of("sha-1", DER).value());
        assertTrue(fingerprint.matches(DER));
        byte[] other = DER.clone();
        other[0] ^= 1;
        assertFalse(fingerprint.matches(other));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "md5     | 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF | unsupported fingerprint hash function 'md5'",
        "sha-1   | 00:11                                           | sha-1 fingerprint needs 20 octets, got 2",
        "sha-1   | 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:G3 | not a hex octet: 'G3'",
        "sha-1   | 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:3 | not a hex octet: '3'",
    })
    void rejectsWhatCannotAuthenticateAPeer(String algorithm, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsFingerprint.parse(algorithm, value));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
