package io.looklook.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentStateRulesTest {

    @Test
    void aPaymentMovesOnlyAsTheConditionalUpdatesAllow() {
        Set<List<PayStatus>> allowed = new HashSet<>();
        for (PayStatus from : PayStatus.values()) {
            for (PayStatus to : PayStatus.values()) {
                if (from.mayMoveTo(to)) {
                    allowed.add(List.of(from, to));
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrder(List.of(PayStatus.WAITING, PayStatus.SUCCEEDED),
                List.of(PayStatus.WAITING, PayStatus.FAILED), List.of(PayStatus.FAILED, PayStatus.SUCCEEDED),
                List.of(PayStatus.SUCCEEDED, PayStatus.REFUNDED));
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS,SUCCEEDED", "CLOSED,FAILED", "REVOKED,FAILED", "PAYERROR,FAILED", "NOTPAY,", "USERPAYING,", "REFUND,",
            "SOMETHING_NEW,"})
    void eachGatewayTradeStateSettlesAPaymentOrLeavesItWaiting(String tradeState, PayStatus settled) {
        assertThat(PayStatus.settledBy(tradeState)).isEqualTo(Optional.ofNullable(settled));
        GatewayNotice.Transaction notice = new GatewayNotice.Transaction("n", "PMT1", "T1", "JSAPI", tradeState, "", 100, "CNY", null);
        assertThat(notice.succeeded()).isEqualTo(settled == PayStatus.SUCCEEDED);
        assertThat(notice.failed()).isEqualTo(settled == PayStatus.FAILED);
    }

    @Test
    void whatAGatewayStateSettlesIsAMoveAWaitingPaymentMayMake() {
        for (String state : List.of("SUCCESS", "CLOSED", "REVOKED", "PAYERROR")) {
            assertThat(PayStatus.WAITING.mayMoveTo(PayStatus.settledBy(state).orElseThrow())).as(state).isTrue();
        }
        assertThat(PayStatus.settledBy(null)).isEmpty();
    }

    @Test
    void aRefundMovesFromPendingOrSubmittedToItsEndAndNeverBack() {
        Set<List<Refund.Status>> allowed = new HashSet<>();
        for (Refund.Status from : Refund.Status.values()) {
            for (Refund.Status to : Refund.Status.values()) {
                if (from.mayMoveTo(to)) {
                    allowed.add(List.of(from, to));
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrder(
                List.of(Refund.Status.PENDING, Refund.Status.SUBMITTED), List.of(Refund.Status.PENDING, Refund.Status.SUCCEEDED),
                List.of(Refund.Status.PENDING, Refund.Status.FAILED), List.of(Refund.Status.SUBMITTED, Refund.Status.PENDING),
                List.of(Refund.Status.SUBMITTED, Refund.Status.SUCCEEDED), List.of(Refund.Status.SUBMITTED, Refund.Status.FAILED));
        for (Refund.Status end : EnumSet.of(Refund.Status.SUCCEEDED, Refund.Status.FAILED)) {
            assertThat(EnumSet.allOf(Refund.Status.class)).noneMatch(end::mayMoveTo);
        }
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS,SUCCEEDED", "CLOSED,FAILED", "ABNORMAL,FAILED", "PROCESSING,", "SOMETHING_NEW,"})
    void eachGatewayRefundStatusSettlesARefundOrLeavesItOpen(String refundStatus, Refund.Status settled) {
        assertThat(Refund.Status.settledBy(refundStatus)).isEqualTo(Optional.ofNullable(settled));
        GatewayNotice.Refund notice = new GatewayNotice.Refund("n", "RFD1", "PMT1", "R1", refundStatus, 100, null);
        assertThat(notice.settled()).isEqualTo(settled != null);
        assertThat(notice.succeeded()).isEqualTo(settled == Refund.Status.SUCCEEDED);
    }
}
