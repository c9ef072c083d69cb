package io.looklook.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.looklook.testsupport.TestTokens;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A key rotation as the services live it, against a real HTTP server standing in for the user center's JWK set:
 * the new key is found at once, the old one keeps working while it is published and stops once it is dropped, an
 * outage of the user center keeps the known keys, and made-up key ids cannot make it fetch more than once a pause.
 */
class RemoteJwkSetTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration PAUSE = Duration.ofSeconds(10);

    private final RSAKey old = TestTokens.newKey("old");
    private final RSAKey next = TestTokens.newKey("next");
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final MutableClock clock = new MutableClock();
    private HttpServer server;
    private ReactiveJwtDecoder decoder;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            String body = published.get();
            if (body == null) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
        RemoteJwkSet keys = new RemoteJwkSet(WebClient.create(), uri, TTL, PAUSE, clock);
        decoder = SecurityAutoConfiguration.decoder(keys::keysFor);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRotationNeedsNoRestartAndARemovedKeyStopsWorkingWithinTheTtl() {
        publish(old);
        assertThat(userOf(token(old))).isEqualTo(7);

        publish(next, old); // the rotation: the new key signs, the old one is published while it retires
        clock.advance(PAUSE.plusSeconds(1));
        assertThat(userOf(token(next))).as("the new key is fetched on first sight").isEqualTo(7);
        assertThat(userOf(token(old))).as("the retiring key still works").isEqualTo(7);

        publish(next); // the old key is dropped
        clock.advance(TTL.plusSeconds(1));
        assertThatThrownBy(() -> userOf(token(old))).isInstanceOf(BadJwtException.class);
        assertThat(userOf(token(next))).isEqualTo(7);
    }

    @Test
    void anOutageOfTheUserCenterKeepsTheKnownKeys() {
        publish(old);
        assertThat(userOf(token(old))).isEqualTo(7);
        published.set(null);
        clock.advance(TTL.plusSeconds(1));
        assertThat(userOf(token(old))).as("checked with the last good set").isEqualTo(7);
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void withNoKeysYetAnOutageIsAnErrorNotARefusal() {
        assertThatThrownBy(() -> userOf(token(old)))
                .isNotInstanceOf(BadJwtException.class); // becomes 503 (AuthenticationServiceException), not 401
    }

    @Test
    void madeUpKeyIdsFetchAtMostOncePerPause() {
        publish(old);
        assertThat(userOf(token(old))).isEqualTo(7);
        for (int i = 0; i < 20; i++) {
            String forged = token(TestTokens.newKey("made-up-" + i));
            assertThatThrownBy(() -> userOf(forged)).isInstanceOf(BadJwtException.class);
        }
        assertThat(fetches.get()).isEqualTo(1); // within the pause after the first fetch
        clock.advance(PAUSE.plusSeconds(1));
        String forged = token(TestTokens.newKey("made-up-late"));
        assertThatThrownBy(() -> userOf(forged)).isInstanceOf(BadJwtException.class);
        assertThat(fetches.get()).isEqualTo(2);
    }

    private long userOf(String token) {
        Jwt jwt = decoder.decode(token).block(Duration.ofSeconds(10));
        return ((Number) jwt.getClaim(JwtTokens.USER_ID_CLAIM)).longValue();
    }

    private String token(RSAKey key) {
        return TestTokens.issue(key, 7L, clock.instant(), Duration.ofHours(1));
    }

    private void publish(RSAKey... keys) {
        published.set(new JWKSet(List.of(keys).stream().map(k -> (JWK) k.toPublicJWK()).toList()).toString());
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
