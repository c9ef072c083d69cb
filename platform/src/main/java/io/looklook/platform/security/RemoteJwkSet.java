package io.looklook.platform.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The user center's public keys, fetched without blocking and kept for {@code ttl}. Spring's own remote JWK source
 * keeps keys until the process ends (a retired key would stay valid) and fetches again for every unknown key id
 * (anyone could make it flood the user center), so this one:
 * <ul>
 *   <li>fetches again once the set is older than {@code ttl}, and keeps the last good set while the user center is
 *       unreachable (tokens go on being checked through its outage);</li>
 *   <li>fetches again for a key id it does not know (a rotation's new key is found at once), but at most once per
 *       {@code refetchPause};</li>
 *   <li>runs one fetch at a time, however many requests wait for it.</li>
 * </ul>
 * With no set fetched yet and the user center unreachable, the fetch fails, and the request gets 503 (the token cannot
 * be checked), not 401.
 */
final class RemoteJwkSet {

    private static final Logger log = LoggerFactory.getLogger(RemoteJwkSet.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);

    private record Fetched(JWKSet keys, Instant at) {
    }

    private final WebClient web;
    private final URI uri;
    private final Duration ttl;
    private final Duration refetchPause;
    private final Clock clock;
    private final AtomicReference<Fetched> last = new AtomicReference<>();
    private final AtomicReference<Instant> lastAttempt = new AtomicReference<>(Instant.MIN);
    private final AtomicReference<Mono<Fetched>> inFlight = new AtomicReference<>();

    RemoteJwkSet(WebClient web, URI uri, Duration ttl, Duration refetchPause, Clock clock) {
        this.web = web;
        this.uri = uri;
        this.ttl = ttl;
        this.refetchPause = refetchPause;
        this.clock = clock;
    }

    /**
     * Fetches the keys in the background once the service is up, so its first requests need not wait for them (a
     * fetch inside a request spends its deadline); tried again with back-off while the user center is not up yet.
     */
    void prefetch() {
        fetch().retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
                .subscribe(fetched -> log.info("the user center's keys ({}): {}", uri, fetched.keys().getKeys().stream()
                        .map(JWK::getKeyID).toList()), error -> log.warn("the user center's keys were not fetched", error));
    }

    /** The keys that may have signed {@code jwt} (by its header's alg and kid); empty if none is known. */
    Flux<JWK> keysFor(SignedJWT jwt) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        return current().flatMapMany(fetched -> {
            List<JWK> keys = selector.select(fetched.keys());
            if (!keys.isEmpty() || !mayFetchAgain()) {
                return Flux.fromIterable(keys);
            }
            return fetch().map(again -> selector.select(again.keys())).flatMapMany(Flux::fromIterable);
        });
    }

    private Mono<Fetched> current() {
        Fetched fetched = last.get();
        if (fetched != null && fetched.at().plus(ttl).isAfter(clock.instant())) {
            return Mono.just(fetched);
        }
        if (fetched != null && !mayFetchAgain()) {
            return Mono.just(fetched);
        }
        return fetch().onErrorResume(e -> {
            if (fetched == null) {
                return Mono.error(e);
            }
            log.warn("the user center's keys ({}) could not be fetched again, keeping the ones from {}: {}", uri,
                    fetched.at(), e.toString());
            return Mono.just(fetched);
        });
    }

    private boolean mayFetchAgain() {
        return lastAttempt.get().plus(refetchPause).isBefore(clock.instant());
    }

    private Mono<Fetched> fetch() {
        Mono<Fetched> running = inFlight.get();
        if (running != null) {
            return running;
        }
        AtomicReference<Mono<Fetched>> self = new AtomicReference<>();
        Mono<Fetched> created = Mono.defer(() -> {
                    lastAttempt.set(clock.instant());
                    return web.get().uri(uri).retrieve().bodyToMono(String.class).timeout(FETCH_TIMEOUT);
                })
                .map(this::parse)
                // let go of this fetch before its result is handed on: a caller that moves on at once must start a
                // new fetch, not be given this finished one again
                .doOnNext(fetched -> {
                    last.set(fetched);
                    inFlight.compareAndSet(self.get(), null);
                })
                .doOnError(e -> inFlight.compareAndSet(self.get(), null))
                .cache();
        self.set(created);
        return inFlight.compareAndSet(null, created) ? created : fetch();
    }

    private Fetched parse(String body) {
        try {
            return new Fetched(JWKSet.parse(body), clock.instant());
        } catch (ParseException e) {
            throw new IllegalStateException("the user center's JWK set at " + uri + " is not a JWK set: " + e.getMessage(), e);
        }
    }
}
