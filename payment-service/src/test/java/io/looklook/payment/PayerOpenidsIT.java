package io.looklook.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.payment.application.PayerOpenids;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The payer-openid view on the real database: idempotent, and a replayed older link never undoes a newer one. */
class PayerOpenidsIT extends PaymentIT {

    @Autowired
    PayerOpenids openids;

    @Test
    void theLatestLinkWinsWhateverOrderTheLinksAreAppliedIn() {
        long user = newUserWithoutWechat();
        Instant first = Instant.parse("2026-12-01T10:00:00.001Z");
        Instant second = first.plusSeconds(60);

        openids.linked(user, "oFirst", first).block();
        openids.linked(user, "oSecond", second).block();
        openids.linked(user, "oFirst", first).block(); // a replay from an older offset
        assertThat(openids.of(user).block()).isEqualTo("oSecond");

        openids.linked(user, "oSecond", second).block(); // a redelivery
        assertThat(openids.of(user).block()).isEqualTo("oSecond");
        assertThat(count("SELECT COUNT(*) FROM payer_openid WHERE user_id = " + user)).isEqualTo(1);

        openids.linked(user, "oThird", second.plusMillis(1)).block();
        assertThat(openids.of(user).block()).isEqualTo("oThird");
    }

    @Test
    void aUserWhoNeverLinkedHasNoOpenid() {
        assertThat(openids.of(newUserWithoutWechat()).blockOptional()).isEmpty();
    }
}
