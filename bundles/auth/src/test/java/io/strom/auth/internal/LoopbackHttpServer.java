package io.strom.auth.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A JDK HTTP server on a free loopback port that answers every request with what {@code answer}
 * returns for its body (status and body text) and records the bodies it received.
 */
final class LoopbackHttpServer implements AutoCloseable {

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();

    LoopbackHttpServer(Function<String, Answer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> respond(exchange, answer));
        server.start();
    }

    private void respond(HttpExchange exchange, Function<String, Answer> answer) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body);
        Answer a = answer.apply(body);
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
