package io.looklook.payment.application;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param zone                business time zone of payment and refund numbers (looklook's Asia/Shanghai)
 * @param refundRetryBackoff  first wait before re-submitting a refund the gateway did not accept; doubles per attempt
 * @param refundRetryMax      longest wait between two submissions of one refund
 * @param refundCheckAfter    a refund submitted this long ago with no notification is asked about at the gateway
 * @param paymentCheckAfter   a payment still waiting this long after it was opened is asked about at the gateway (paid
 *                            there: applied as the lost notification would have been), then again after as long as
 *                            its age, so each unpaid payment is asked about a few times before it expires
 * @param paymentCheckMargin  a payment still waiting this long after its expiry is asked about a last time (not paid:
 *                            closed at the gateway, then failed)
 * @param claimLease          how long a claimed refund or payment is left to the instance that claimed it; after it
 *                            (that instance died) another takes it over
 */
@ConfigurationProperties("looklook.payment")
public record PaymentSettings(ZoneId zone, Duration refundRetryBackoff, Duration refundRetryMax, Duration refundCheckAfter,
                              Duration paymentCheckAfter, Duration paymentCheckMargin, Duration claimLease) {

    public PaymentSettings {
        refundCheckAfter = refundCheckAfter == null ? Duration.ofMinutes(5) : refundCheckAfter;
        paymentCheckAfter = paymentCheckAfter == null ? Duration.ofSeconds(30) : paymentCheckAfter;
        paymentCheckMargin = paymentCheckMargin == null ? Duration.ofMinutes(1) : paymentCheckMargin;
        claimLease = claimLease == null ? Duration.ofMinutes(1) : claimLease;
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        refundRetryBackoff = refundRetryBackoff == null ? Duration.ofSeconds(1) : refundRetryBackoff;
        refundRetryMax = refundRetryMax == null ? Duration.ofMinutes(5) : refundRetryMax;
    }
}
