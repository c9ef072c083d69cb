package io.looklook.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Four HTTP servers standing in for the services behind the gateway: each answers with what it received (its name,
 * the path, the headers the gateway must pass, the body in Base64), so a test sees exactly what was forwarded. Paths
 * ending in {@code /status/<n>} answer that status with a looklook envelope, to see the gateway pass it unchanged.
 */
final class Upstreams {

    static final Map<String, HttpServer> SERVERS = new LinkedHashMap<>();
    /** A port nothing listens on: a service that is down. */
    static final int DOWN_PORT = freePort();

    static {
        for (String name : new String[]{"usercenter", "travel", "order", "payment"}) {
            SERVERS.put(name, start(name));
        }
    }

    private Upstreams() {
    }

    static String uri(String name) {
        return uri(SERVERS.get(name));
    }

    static String uri(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static HttpServer start(String name) {
        return start(name, true);
    }

    /** One more upstream, whose readiness (what the gateway's load balancer checks) answers 200 or 503. */
    static HttpServer start(String name, boolean ready) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/actuator/health/readiness", exchange -> {
                exchange.sendResponseHeaders(ready ? 200 : 503, -1);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getRawPath();
                byte[] answer;
                int status = 200;
                if (path.matches(".*/status/\\d{3}")) {
                    status = Integer.parseInt(path.substring(path.length() - 3));
                    answer = ("{\"code\":100003,\"msg\":\"from " + name + "\"}").getBytes(StandardCharsets.UTF_8);
                } else {
                    answer = ("{\"service\":\"" + name + "\",\"path\":\"" + path + "\",\"query\":\"" + exchange.getRequestURI().getRawQuery()
                            + "\",\"authorization\":\"" + header(exchange, "Authorization") + "\",\"traceparent\":\""
                            + header(exchange, "traceparent") + "\",\"forwardedFor\":\"" + header(exchange, "X-Forwarded-For")
                            + "\",\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\"}").getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(com.sun.net.httpserver.HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? "" : value;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
