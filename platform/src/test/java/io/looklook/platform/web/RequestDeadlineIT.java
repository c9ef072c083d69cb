package io.looklook.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.PlatformIT;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The deadline answers the client; it does not cut a transaction in two (RunToCompletionTransactions). */
class RequestDeadlineIT extends PlatformIT {

    @Autowired
    ApplicationContext context;

    @Test
    void aWriteStillRunningAtTheDeadlineIsAnswered503AndStillCommits() {
        WebTestClient http = WebTestClient.bindToApplicationContext(context).configureClient()
                .responseTimeout(Duration.ofSeconds(10)).build();
        String id = UUID.randomUUID().toString();

        http.post().uri("/platform-test/slow-events?id=" + id).exchange()
                .expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "1");

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                count("SELECT COUNT(*) AS n FROM applied_effect WHERE event_id = :id", id) == 1);
        assertThat(count("SELECT COUNT(*) AS n FROM applied_effect WHERE event_id = :id AND topic = 'slow-route'", id))
                .as("committed once, by the request the client was told to retry").isEqualTo(1);
    }
}
