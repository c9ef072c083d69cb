package io.looklook.order.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.domain.PaymentArrival.Verdict;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TradeStateRulesTest {

    private static final List<Integer> STATES = List.of(TradeState.CANCELLED, TradeState.WAIT_PAY, TradeState.PAID, TradeState.USED,
            TradeState.REFUNDED, TradeState.EXPIRED);

    @Test
    void exactlyLooklooksTransitionsAreAllowed() {
        Set<List<Integer>> allowed = new HashSet<>();
        for (int from : STATES) {
            for (int to : STATES) {
                if (TradeState.mayFollow(from, to)) {
                    allowed.add(List.of(from, to));
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrder(
                List.of(TradeState.WAIT_PAY, TradeState.PAID), List.of(TradeState.WAIT_PAY, TradeState.CANCELLED),
                List.of(TradeState.PAID, TradeState.USED), List.of(TradeState.PAID, TradeState.REFUNDED),
                List.of(TradeState.PAID, TradeState.EXPIRED));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 2, 3, 4})
    void nothingGoesBackToWaitingNorStaysWhereItIs(int state) {
        assertThat(TradeState.mayFollow(state, TradeState.WAIT_PAY)).isFalse();
        assertThat(TradeState.mayFollow(state, state)).isFalse();
    }

    @Test
    void aPaymentPaysOnlyAWaitingOrderOfItsAmount() {
        assertThat(PaymentArrival.decide(TradeState.WAIT_PAY, 500, "", "PMT1", 500)).isEqualTo(Verdict.PAYS);
        assertThat(PaymentArrival.decide(TradeState.WAIT_PAY, 500, "", "PMT1", 499)).isEqualTo(Verdict.AMOUNT_MISMATCH);
        assertThat(PaymentArrival.decide(null, 500, null, "PMT1", 500)).isEqualTo(Verdict.UNKNOWN_ORDER);
    }

    @Test
    void aPaymentThatLostToACloseIsRefusedAsOrderClosed() {
        assertThat(PaymentArrival.decide(TradeState.CANCELLED, 500, "", "PMT1", 500)).isEqualTo(Verdict.ORDER_CLOSED);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void anOrderPaidByAnotherPaymentRefusesThisOneAndTheSamePaymentAgainChangesNothing(int paidOrLater) {
        assertThat(PaymentArrival.decide(paidOrLater, 500, "PMT0", "PMT1", 500)).isEqualTo(Verdict.PAID_BY_ANOTHER);
        assertThat(PaymentArrival.decide(paidOrLater, 500, "PMT1", "PMT1", 500)).isEqualTo(Verdict.SAME_PAYMENT_AGAIN);
    }

    @Test
    void everyStateGetsAVerdictForEveryArrivingPayment() {
        for (int state : STATES) {
            for (String payingSn : new String[] {"", "PMT0", "PMT1"}) {
                for (long amount : new long[] {500, 501}) {
                    Verdict verdict = PaymentArrival.decide(state, 500, payingSn, "PMT1", amount);
                    assertThat(verdict).isNotNull();
                    assertThat(verdict == Verdict.PAYS).as("state %d, paid by '%s', %d fen", state, payingSn, amount)
                            .isEqualTo(state == TradeState.WAIT_PAY && amount == 500 && !payingSn.equals("PMT1"));
                }
            }
        }
    }
}
