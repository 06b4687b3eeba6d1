package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for 127.0.0.1 and its PKCS#8 key, made by openssl in a new folder. */
record TestCertificate(Path cert, Path key) {

    static TestCertificate create() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("strom-tls");
        TestCertificate c = new TestCertificate(dir.resolve("server.crt"), dir.resolve("server.key"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-keyout", c.key().toString(), "-out", c.cert().toString())
                .redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl made a certificate");
        return c;
    }
}
