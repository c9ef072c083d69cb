package io.looklook.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class RunToCompletionTest {

    @Test
    void aWriteWhoseSubscriberCancelsStillRunsToItsEnd() {
        Sinks.One<String> commit = Sinks.one();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<String> committed = new AtomicReference<>();
        Mono<String> write = commit.asMono().doOnNext(committed::set).doOnCancel(() -> cancelled.set(true));

        RunToCompletion.of(write).timeout(Duration.ofMillis(10)).onErrorResume(e -> Mono.empty()).subscribe().dispose();
        commit.tryEmitValue("order 1");

        await().atMost(Duration.ofSeconds(5)).until(() -> committed.get() != null);
        assertThat(committed.get()).isEqualTo("order 1");
        assertThat(cancelled).isFalse();
    }

    @Test
    void aWriteThatIsWaitedForAnswersAsItself() {
        StepVerifier.create(RunToCompletion.of(Mono.just("sn"))).expectNext("sn").verifyComplete();
        StepVerifier.create(RunToCompletion.of(Mono.error(new IllegalStateException("refused"))))
                .expectErrorMessage("refused").verify(Duration.ofSeconds(5));
    }

    @Test
    void theCallersContextReachesTheWrite() {
        Mono<String> write = Mono.deferContextual(context -> Mono.just(context.<String>get("user")));
        StepVerifier.create(RunToCompletion.of(write).contextWrite(context -> context.put("user", "7")))
                .expectNext("7").verifyComplete();
    }
}
