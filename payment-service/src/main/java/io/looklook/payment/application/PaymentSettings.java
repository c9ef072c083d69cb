package io.looklook.payment.application;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param zone                business time zone of payment and refund numbers (looklook's Asia/Shanghai)
 * @param refundRetryBackoff  first wait before re-submitting a refund the gateway did not accept; doubles per attempt
 * @param refundRetryMax      longest wait between two submissions of one refund
 */
@ConfigurationProperties("looklook.payment")
public record PaymentSettings(ZoneId zone, Duration refundRetryBackoff, Duration refundRetryMax) {

    public PaymentSettings {
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        refundRetryBackoff = refundRetryBackoff == null ? Duration.ofSeconds(1) : refundRetryBackoff;
        refundRetryMax = refundRetryMax == null ? Duration.ofMinutes(5) : refundRetryMax;
    }
}
