package io.looklook.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.looklook.platform.error.FailureKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ListenerWorkTest {

    @Test
    void workThatNeverEndsFailsAsTransientAtItsDeadline() {
        boolean[] cancelled = {false};
        Mono<Void> hanging = Mono.<Void>never().doOnCancel(() -> cancelled[0] = true);

        assertThatThrownBy(() -> ListenerWork.await(hanging, Duration.ofMillis(50)))
                .satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.TRANSIENT));
        assertThat(cancelled[0]).as("the hanging work is let go of").isTrue();
    }

    @Test
    void finishedWorkGivesItsResult() {
        assertThat(ListenerWork.await(Mono.just(7), Duration.ofMillis(50))).isEqualTo(7);
        assertThat(ListenerWork.<Object>await(Mono.empty(), Duration.ofMillis(50))).isNull();
    }
}
