package io.looklook.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RequestDeadlineTest {

    private final RequestDeadline deadline = new RequestDeadline(Duration.ofMillis(100));

    private static DataBuffer text(String s) {
        return DefaultDataBufferFactory.sharedInstance.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHandlerThatHasNotAnsweredByTheDeadlineIsCutShort() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/order/v1/x"));
        Mono<Void> slow = deadline.filter(exchange, e -> Mono.delay(Duration.ofMillis(500))
                .then(e.getResponse().writeWith(Mono.just(text("late")))));

        StepVerifier.create(slow).expectError(RequestDeadline.Exceeded.class).verify(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerAlreadyBeingWrittenAtTheDeadlineIsLetFinish() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/order/v1/x"));
        // the headers leave at once (commit), the body's second part only after the deadline
        Mono<Void> writing = deadline.filter(exchange, e -> e.getResponse().writeWith(
                Flux.just(text("first ")).concatWith(Mono.delay(Duration.ofMillis(300)).map(t -> text("second")))));

        StepVerifier.create(writing).verifyComplete();
        StepVerifier.create(exchange.getResponse().getBodyAsString()).expectNext("first second").verifyComplete();
    }

    /**
     * The race CI met: the handler's write is called just after the deadline won (from work the cancel did not reach).
     * Only the deadline's 503 may be written: before the guard, the late write committed a 200 with no body under it.
     */
    @Test
    void anAnswerThatStartsAfterTheDeadlineWonIsDroppedNotCommitted() throws InterruptedException {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/order/v1/x"));
        java.util.concurrent.CountDownLatch lateWriteDone = new java.util.concurrent.CountDownLatch(1);
        Mono<Void> racing = deadline.filter(exchange, e -> {
            Mono.delay(Duration.ofMillis(150)).then(Mono.defer(() -> e.getResponse().writeWith(Mono.just(text("late")))))
                    .doFinally(signal -> lateWriteDone.countDown()).subscribe();
            return Mono.never();
        });

        StepVerifier.create(racing).expectError(RequestDeadline.Exceeded.class).verify(Duration.ofSeconds(5));
        org.assertj.core.api.Assertions.assertThat(lateWriteDone.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        org.assertj.core.api.Assertions.assertThat(exchange.getResponse().isCommitted()).isFalse();
    }

    /**
     * The race that left clients waiting for ever: the deadline's 503 is being written while the handler, which the
     * cancel did not stop, still sets its own headers. Its Content-Length must not reach the 503 (the client would
     * then wait for the rest of a body that never comes).
     */
    @Test
    void aHandlerStillRunningAfterTheDeadlineCannotTouchTheDeadlinesAnswer() throws InterruptedException {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/order/v1/x"));
        java.util.concurrent.CountDownLatch deadlinePassed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch lateHeadersSet = new java.util.concurrent.CountDownLatch(1);
        Mono<Void> racing = deadline.filter(exchange, e -> {
            Mono.fromRunnable(() -> {
                awaitQuietly(deadlinePassed);
                e.getResponse().setStatusCode(HttpStatus.OK);
                e.getResponse().getHeaders().setContentLength(999);
            }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).doFinally(signal -> lateHeadersSet.countDown()).subscribe();
            return Mono.never();
        });

        StepVerifier.create(racing).expectError(RequestDeadline.Exceeded.class).verify(Duration.ofSeconds(5));
        exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE); // the error handler's answer, being written
        deadlinePassed.countDown();
        assertThat(lateHeadersSet.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(exchange.getResponse().getHeaders().getContentLength()).isEqualTo(-1);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void theHandlersStatusHeadersAndBeforeCommitActionsReachTheResponseItWrites() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/order/v1/x"));
        Mono<Void> answered = deadline.filter(exchange, e -> {
            e.getResponse().setStatusCode(HttpStatus.CREATED);
            e.getResponse().getHeaders().set("X-Set-Before", "1");
            e.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> e.getResponse().getHeaders().set("X-Set-At-Commit", "2")));
            return e.getResponse().writeWith(Mono.just(text("made")));
        });

        StepVerifier.create(answered).verifyComplete();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(exchange.getResponse().getHeaders().getFirst("X-Set-Before")).isEqualTo("1");
        assertThat(exchange.getResponse().getHeaders().getFirst("X-Set-At-Commit")).isEqualTo("2");
        StepVerifier.create(exchange.getResponse().getBodyAsString()).expectNext("made").verifyComplete();
    }

    /** A handler that fails before the deadline hands its headers over: the error handler's envelope carries them. */
    @Test
    void aHandlerThatFailsInTimeHandsItsHeadersToTheErrorAnswer() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/order/v1/x"));
        Mono<Void> failed = deadline.filter(exchange, e -> {
            e.getResponse().getHeaders().set("X-Content-Type-Options", "nosniff");
            return Mono.error(new IllegalArgumentException("bad input"));
        });

        StepVerifier.create(failed).expectError(IllegalArgumentException.class).verify(Duration.ofSeconds(5));
        assertThat(exchange.getResponse().getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
