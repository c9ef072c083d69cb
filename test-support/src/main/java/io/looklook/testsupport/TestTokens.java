package io.looklook.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The tests' token issuer, standing in for the user center where a service is tested alone: one RSA key per test
 * JVM, its public half served as a JWK set over HTTP (the services under test fetch it as they would the user
 * center's), tokens signed as the user center signs them (RS256, {@code jwtUserId}, {@code iat}, {@code exp},
 * {@code scope}). The system tests give the same key to the real user center ({@link #signingKeysFile()}), so the
 * tokens made here and the ones it issues are checked the same way.
 */
public final class TestTokens {

    private static volatile TestTokens instance;

    private final RSAKey key;
    private final HttpServer server;

    private TestTokens(RSAKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    public static TestTokens get() {
        TestTokens local = instance;
        if (local == null) {
            synchronized (TestTokens.class) {
                local = instance;
                if (local == null) {
                    local = start();
                    instance = local;
                }
            }
        }
        return local;
    }

    private static TestTokens start() {
        RSAKey key = newKey("test-" + UUID.randomUUID());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] published = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, published.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(published);
                }
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "test-tokens-stop"));
            return new TestTokens(key, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh 2048-bit RSA signing key with its private part. */
    public static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the public keys are published: a service's {@code looklook.jwt.jwk-set-uri}. */
    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** The private key set, in a file under target/, for a user center that must sign with the same key. */
    public Path signingKeysFile() {
        try {
            Path file = TestInfra.scratchDirectory("signing-keys").resolve("signing-keys.jwks.json");
            Files.writeString(file, new JWKSet(key).toString(false));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The local profile's dev key (what the local stack's user center signs with), for benchmarks against it. */
    public static RSAKey localStackKey() {
        Path file = TestInfra.projectRoot().resolve("usercenter-service/src/main/resources/local/signing-keys.jwks.json");
        try {
            return JWKSet.load(file.toFile()).getKeys().get(0).toRSAKey();
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("cannot read the local signing key " + file, e);
        }
    }

    public RSAKey key() {
        return key;
    }

    public String forUser(long userId, String... scopes) {
        return issue(key, userId, Instant.now(), Duration.ofMinutes(30), scopes);
    }

    public String forUser(long userId, Duration ttl, String... scopes) {
        return issue(key, userId, Instant.now(), ttl, scopes);
    }

    /** {@code issuedAt} in the past gives an expired token. */
    public String issue(long userId, Instant issuedAt, Duration ttl, String... scopes) {
        return issue(key, userId, issuedAt, ttl, scopes);
    }

    /**
     * Tokens every user route must refuse, by what is wrong with them: expired, signed with a key nobody published,
     * HS256 with the published public key as the secret (the classic key-confusion forgery), {@code alg: none}, no
     * {@code exp}, and user ids that are not positive integers.
     */
    public java.util.Map<String, String> refusedTokens(long userId) {
        java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
        Instant now = Instant.now();
        refused.put("expired", issue(key, userId, now.minus(Duration.ofDays(2)), Duration.ofDays(1)));
        refused.put("wrong key", issue(newKey(key.getKeyID()), userId, now, Duration.ofMinutes(5)));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).claim("jwtUserId", userId).build();
        try {
            SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
            confused.sign(new com.nimbusds.jose.crypto.MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
            refused.put("HS256 with the public key", confused.serialize());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        refused.put("alg none", new com.nimbusds.jwt.PlainJWT(claims).serialize());
        SignedJWT noExpiry = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issueTime(Date.from(now)).claim("jwtUserId", userId).build());
        try {
            noExpiry.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        refused.put("no exp", noExpiry.serialize());
        refused.put("user 0", issue(key, 0L, now, Duration.ofMinutes(5)));
        refused.put("user -5", issue(key, -5L, now, Duration.ofMinutes(5)));
        refused.put("user 7.5", issue(key, 7.5, now, Duration.ofMinutes(5)));
        refused.put("user \"7\"", issue(key, "7", now, Duration.ofMinutes(5)));
        refused.put("garbage", "garbage");
        return refused;
    }

    /** A token signed with {@code signingKey} (a key nobody published, for the forged-token tests). */
    public static String issue(RSAKey signingKey, Object userId, Instant issuedAt, Duration ttl, String... scopes) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl)))
                .claim("jwtUserId", userId);
        if (scopes.length > 0) {
            claims.claim("scope", String.join(" ", scopes));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
