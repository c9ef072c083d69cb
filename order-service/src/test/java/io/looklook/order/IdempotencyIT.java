package io.looklook.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.adapter.web.HomestayOrderController;
import io.looklook.platform.retention.RetentionPurge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The Idempotency-Key: one order per key and body, under concurrency too. */
class IdempotencyIT extends OrderIT {

    @LocalServerPort
    int port;
    @Autowired
    RetentionPurge retention;

    private record Outcome(int status, int code, String sn) {
    }

    private Mono<Outcome> create(WebClient client, long user, String key, String body) {
        return client.post().uri("/order/v1/homestayOrder/createHomestayOrder")
                .headers(h -> {
                    h.setBearerAuth(token(user));
                    h.set(HomestayOrderController.IDEMPOTENCY_KEY, key);
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(Map.class).map(envelope -> new Outcome(
                        response.statusCode().value(), (Integer) envelope.get("code"),
                        envelope.get("data") == null ? null : (String) ((Map<?, ?>) envelope.get("data")).get("orderSn"))));
    }

    @Test
    void twoHundredConcurrentCreatesWithOneKeyMakeOneOrderAndOneEvent() {
        long homestay = newHomestay(2, 20000, 0);
        long user = newUser();
        String body = orderJson(homestay, false, day(1), day(2), 1, "");
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();

        List<Outcome> outcomes = Flux.range(0, 200)
                .flatMap(i -> create(client, user, "key-concurrent", body), 200)
                .collectList().block(Duration.ofSeconds(120));

        // the rest are told to retry: 409 while the first is in flight, or 503 (with Retry-After) for a request that
        // waited past the request deadline on this busy machine
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status() == 200 || (o.status() == 409 && o.code() == 100008)
                || (o.status() == 503 && o.code() == 100001)).as(o.toString()).isTrue());
        // a client that retries as told ends with the order, one of them, whichever request made it
        Outcome[] settled = new Outcome[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> (settled[0] = create(client, user, "key-concurrent", body).block()).status() == 200);
        String sn = settled[0].sn();
        assertThat(outcomes.stream().filter(o -> o.status() == 200).map(Outcome::sn).collect(Collectors.toSet()))
                .as("every success carries the same sn").isSubsetOf(Set.of(sn));
        assertThat(ordersOf(user)).isEqualTo(1);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !OrderEventsProbe.eventsWhere("sn", sn, Duration.ofMillis(500)).isEmpty());
        assertThat(OrderEventsProbe.eventsWhere("userId", user, Duration.ofSeconds(1))).as("one OrderCreated").hasSize(1);

        // after the dust settles, the same key and body answer with the same sn, still one order
        assertThat(create(client, user, "key-concurrent", body).block()).isEqualTo(new Outcome(200, 200, sn));
        assertThat(ordersOf(user)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentBodyIsRefused() {
        long homestay = newHomestay(2, 20000, 0);
        long user = newUser();
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        Outcome first = create(client, user, "key-1", orderJson(homestay, false, day(1), day(2), 1, "")).block();
        assertThat(first.status()).isEqualTo(200);

        Outcome different = create(client, user, "key-1", orderJson(homestay, false, day(1), day(3), 1, "")).block();
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.code()).isEqualTo(100008);

        // the key is per user: another user may use the same key
        long other = newUser();
        assertThat(create(client, other, "key-1", orderJson(homestay, false, day(1), day(2), 1, "")).block().status()).isEqualTo(200);
        assertThat(ordersOf(user)).isEqualTo(1);
    }

    @Test
    void aFailedAttemptReleasesItsKey() {
        long user = newUser();
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        String body = orderJson(987_654_321L, false, day(1), day(2), 1, "");
        assertThat(create(client, user, "key-retry", body).block().status()).isEqualTo(404);
        // the homestay appears (replica caught up): the same key now works
        publishHomestay(987_654_321L, 1, 2, 1, 0, 15000, 0);
        assertThat(create(client, user, "key-retry", body).block().status()).isEqualTo(200);
    }

    @Test
    void aRequestThatFailsValidationReleasesItsKeyForTheCorrectedRetry() {
        long homestay = newHomestay(2, 20000, 0);
        long user = newUser();
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        Outcome invalid = create(client, user, "key-corrected", orderJson(homestay, false, day(2), day(1), 1, "")).block();
        assertThat(invalid.status()).as("end before start").isEqualTo(400);

        Outcome corrected = create(client, user, "key-corrected", orderJson(homestay, false, day(1), day(2), 1, "")).block();
        assertThat(corrected.status()).isEqualTo(200);
        assertThat(ordersOf(user)).isEqualTo(1);
    }

    @Test
    void theRetentionPurgeDeletesExpiredKeysAndKeepsLiveOnes() {
        long homestay = newHomestay(2, 20000, 0);
        long user = newUser();
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        String body = orderJson(homestay, false, day(1), day(2), 1, "");
        assertThat(create(client, user, "key-live", body).block().status()).isEqualTo(200);
        assertThat(create(client, user, "key-expired", orderJson(homestay, false, day(3), day(4), 1, "")).block().status())
                .isEqualTo(200);
        db.sql("UPDATE idempotency_key SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND "
                + "WHERE user_id = :user AND idem_key = 'key-expired'").bind("user", user).fetch().rowsUpdated().block();

        assertThat(retention.purgeNow().block()).isGreaterThanOrEqualTo(1L);

        assertThat(keysOf(user)).containsExactly("key-live");
        assertThat(create(client, user, "key-live", body).block().status()).as("still answered from its key").isEqualTo(200);
        assertThat(ordersOf(user)).isEqualTo(2);
    }

    private List<String> keysOf(long user) {
        return db.sql("SELECT idem_key FROM idempotency_key WHERE user_id = :user ORDER BY idem_key").bind("user", user)
                .map(r -> r.get("idem_key", String.class)).all().collectList().block();
    }
}
