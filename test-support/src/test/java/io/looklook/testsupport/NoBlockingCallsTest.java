package io.looklook.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BlockHound is on in every test JVM: a blocking call on a non-blocking thread is caught where it happens. */
class NoBlockingCallsTest {

    @Test
    void aSleepOnAReactorParallelThreadIsCaughtAndRecorded() {
        assertThatThrownBy(() -> Mono.fromCallable(() -> {
            Thread.sleep(1); // the blocking call under test, not a wait for an effect
            return 1;
        }).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5))).hasCauseInstanceOf(BlockingOperationError.class);
        assertThat(NoBlockingCalls.takeFound()).singleElement().asString().contains("java.lang.Thread.sleep");
    }

    @Test
    void theSameCallOnABoundedElasticThreadIsAllowed() {
        assertThat(Mono.fromCallable(() -> {
            Thread.sleep(1);
            return 1;
        }).subscribeOn(Schedulers.boundedElastic()).block(Duration.ofSeconds(5))).isEqualTo(1);
    }
}
