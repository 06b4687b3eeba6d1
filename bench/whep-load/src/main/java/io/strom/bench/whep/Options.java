package io.strom.bench.whep;

import java.net.URI;
import java.nio.file.Path;

/** Command-line options of {@link WhepLoad}; {@code -help} prints them. */
final class Options {
    static final String USAGE = String.join("\n",
        "whep-load: N WHEP readers in one process (ICE, DTLS 1.2, SRTP, RTCP RR and NACK).",
        "usage: java -jar whep-load.jar -url http://HOST:PORT/PATH/whep [options]",
        "  -readers N            readers to run (default 10)",
        "  -rate R               new readers per second while ramping up (default 20)",
        "  -settle S             at most S s for every reader to connect or fail (default 60)",
        "  -warmup S             s after settling before the measurement window (default 10)",
        "  -measure S            measurement window in s (default 30)",
        "  -hold S               s to stay connected after the window (default 0)",
        "  -window-file F        write 'start' / 'end' lines to F at the window's edges",
        "  -server-pid P         read the server's CPU from /proc/P/stat over the window",
        "  -churn-per-minute R   churn mode: start R readers a minute, each living -session s",
        "  -session S            reader lifetime in churn mode (default 10)",
        "  -sample N             authenticate and decrypt 1 RTP packet in N (default 50)",
        "  -drop N               discard 1 received RTP packet in N unread, to exercise NACK (default 0: none)",
        "  -srtp gcm|cm|both     use_srtp profiles to offer (default both: GCM first)",
        "  -bind ADDR            local address of the readers' sockets (default 127.0.0.1)",
        "  -loops N              selector threads (default 1)",
        "  -handshake-threads N  threads running DTLS handshakes (default 8)",
        "  -ice-timeout MS       connectivity-check timeout (default 10000)",
        "  -dtls-timeout MS      DTLS handshake timeout (default 15000)",
        "  -json F               summary as JSON (default: stdout)",
        "  -csv F                one line per reader as CSV",
        "  -label TEXT           copied into the JSON");

    URI url;
    int readers = 10;
    double rate = 20;
    int settleSeconds = 60;
    int warmupSeconds = 10;
    int measureSeconds = 30;
    int holdSeconds;
    Path windowFile;
    long serverPid = -1;
    double churnPerMinute;
    int sessionSeconds = 10;
    int sample = 50;
    int drop;
    int[] profiles = DtlsClient.profiles("both");
    String bind = "127.0.0.1";
    int loops = 1;
    int handshakeThreads = 8;
    int iceTimeoutMs = 10_000;
    int handshakeTimeoutMs = 15_000;
    int receiveBuffer = 1 << 20;
    Path json;
    Path csv;
    String label = "";

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("-help") || name.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            try {
                switch (name.replaceFirst("^--", "-")) {
                    case "-url" -> o.url = URI.create(v);
                    case "-readers" -> o.readers = positive(name, Integer.parseInt(v));
                    case "-rate" -> o.rate = Double.parseDouble(v);
                    case "-settle" -> o.settleSeconds = Integer.parseInt(v);
                    case "-warmup" -> o.warmupSeconds = Integer.parseInt(v);
                    case "-measure" -> o.measureSeconds = positive(name, Integer.parseInt(v));
                    case "-hold" -> o.holdSeconds = Integer.parseInt(v);
                    case "-window-file" -> o.windowFile = Path.of(v);
                    case "-server-pid" -> o.serverPid = Long.parseLong(v);
                    case "-churn-per-minute" -> o.churnPerMinute = Double.parseDouble(v);
                    case "-session" -> o.sessionSeconds = positive(name, Integer.parseInt(v));
                    case "-sample" -> o.sample = positive(name, Integer.parseInt(v));
                    case "-drop" -> o.drop = Integer.parseInt(v);
                    case "-srtp" -> o.profiles = DtlsClient.profiles(v);
                    case "-bind" -> o.bind = v;
                    case "-loops" -> o.loops = positive(name, Integer.parseInt(v));
                    case "-handshake-threads" -> o.handshakeThreads = positive(name, Integer.parseInt(v));
                    case "-ice-timeout" -> o.iceTimeoutMs = positive(name, Integer.parseInt(v));
                    case "-dtls-timeout" -> o.handshakeTimeoutMs = positive(name, Integer.parseInt(v));
                    case "-json" -> o.json = Path.of(v);
                    case "-csv" -> o.csv = Path.of(v);
                    case "-label" -> o.label = v;
                    default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + name + ": not a number: " + v);
            }
        }
        if (o.url == null) {
            throw new IllegalArgumentException("-url is required\n" + USAGE);
        }
        if (o.rate <= 0) {
            throw new IllegalArgumentException("-rate must be positive");
        }
        return o;
    }

    private static int positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("option " + name + " must be positive, not " + v);
        }
        return v;
    }
}
