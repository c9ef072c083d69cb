package io.looklook.payment.adapter.gateway.wechat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.looklook.payment.adapter.gateway.WechatPayCrypto;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WeChat Pay v3's API as far as looklook uses it, on a local port: it checks each request's {@code Authorization}
 * (WECHATPAY2-SHA256-RSA2048: our merchant id, our certificate's serial, a fresh timestamp, and the SHA256-with-RSA
 * signature by our merchant key over method, path and query, timestamp, nonce and body) and answers 401 SIGN_ERROR
 * otherwise, as WeChat does; it signs its answers with its platform key under its public key id
 * ({@code Wechatpay-Timestamp}, {@code -Nonce}, {@code -Signature}, {@code -Serial}), or with another key when a test
 * wants a forged answer. Answers are scripted per route by the tests.
 */
final class FakeWechatPay implements AutoCloseable {

    static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0112340000000000000000000000";
    static final String MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"([^\"]*)\",nonce_str=\"([^\"]*)\",timestamp=\"([^\"]*)\",serial_no=\"([^\"]*)\",signature=\"([^\"]*)\"");

    /** A request as received; {@code authorizationProblem} is null when its signature was ours and fresh. */
    record Received(String method, String uri, String wechatpaySerial, String body, String authorizationProblem) {
    }

    /** An answer: {@code forged} signs it with a key that is not WeChat Pay's. */
    record Answer(int status, String contentType, String body, boolean signed, boolean forged) {

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, true, false);
        }

        static Answer error(int status, String code, String message) {
            return json(status, "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
        }

        static Answer noContent() {
            return new Answer(204, null, "", true, false);
        }

        /** A file download: WeChat signs none (the bill's hash is in the signed answer that named it). */
        static Answer file(String body) {
            return new Answer(200, "text/plain;charset=utf-8", body, false, false);
        }

        Answer forgedSignature() {
            return new Answer(status, contentType, body, signed, true);
        }
    }

    final KeyPair platform = rsa();
    final KeyPair merchant = rsa();
    private final KeyPair forger = rsa();
    private final String mchid;
    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakeWechatPay(String mchid) throws IOException {
        this.mchid = mchid;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The answer to {@code method path} (path without its query) from now on. */
    void answer(String method, String path, Answer answer) {
        answers.put(method + " " + path, answer);
    }

    void reset() {
        answers.clear();
        received.clear();
    }

    Received last(String method, String pathPrefix) {
        for (int i = received.size() - 1; i >= 0; i--) {
            Received r = received.get(i);
            if (r.method().equals(method) && r.uri().startsWith(pathPrefix)) {
                return r;
            }
        }
        throw new AssertionError("no " + method + " " + pathPrefix + " received; received: " + received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String uri = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String problem = authorizationProblem(method, uri, body, exchange.getRequestHeaders().getFirst("Authorization"));
            received.add(new Received(method, uri, exchange.getRequestHeaders().getFirst("Wechatpay-Serial"), body, problem));
            Answer answer = problem != null ? Answer.error(401, "SIGN_ERROR", "签名错误: " + problem)
                    : answers.getOrDefault(method + " " + exchange.getRequestURI().getRawPath(),
                            Answer.error(404, "NOT_FOUND", "no scripted answer"));
            send(exchange, answer);
        }
    }

    private String authorizationProblem(String method, String uri, String body, String authorization) {
        if (authorization == null) {
            return "no Authorization";
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return "Authorization is not WECHATPAY2-SHA256-RSA2048: " + authorization;
        }
        if (!mchid.equals(m.group(1))) {
            return "mchid " + m.group(1);
        }
        if (!MERCHANT_SERIAL.equals(m.group(4))) {
            return "serial_no " + m.group(4);
        }
        long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(m.group(3)));
        if (age > Duration.ofMinutes(5).toSeconds()) {
            return "timestamp " + age + " s off";
        }
        String message = WechatPayCrypto.message(method, uri, m.group(3), m.group(2), body);
        return WechatPayCrypto.verify(merchant.getPublic(), message, m.group(5)) ? null : "signature does not verify";
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.add("Request-ID", "08F78BB5AF0610" + System.nanoTime());
        if (answer.contentType() != null) {
            headers.add("Content-Type", answer.contentType());
        }
        if (answer.signed()) {
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            String nonce = WechatPayCrypto.nonce(32);
            headers.add("Wechatpay-Timestamp", timestamp);
            headers.add("Wechatpay-Nonce", nonce);
            headers.add("Wechatpay-Serial", PUBLIC_KEY_ID);
            headers.add("Wechatpay-Signature", WechatPayCrypto.sign((answer.forged() ? forger : platform).getPrivate(),
                    WechatPayCrypto.message(timestamp, nonce, answer.body())));
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
