package io.looklook.payment.adapter.web;

import io.looklook.payment.adapter.gateway.WechatPayMessages;
import io.looklook.payment.adapter.web.PaymentRequests.ThirdPaymentStatusReq;
import io.looklook.payment.adapter.web.PaymentRequests.ThirdPaymentWxPayReq;
import io.looklook.payment.adapter.web.PaymentViews.ThirdPaymentStatusResp;
import io.looklook.payment.adapter.web.PaymentViews.ThirdPaymentWxPayResp;
import io.looklook.payment.application.ConfirmPayment;
import io.looklook.payment.application.ConfirmRefund;
import io.looklook.payment.application.CreatePayment;
import io.looklook.payment.application.InvalidNotificationException;
import io.looklook.payment.application.PaymentGateway;
import io.looklook.payment.application.ShowPayment;
import io.looklook.payment.domain.GatewayNotice;
import io.looklook.platform.security.CurrentUser;
import io.looklook.platform.web.ApiResponse;
import io.looklook.platform.web.RunToCompletion;
import jakarta.validation.Valid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * looklook payment-api {@code /payment/v1/thirdPayment/*}. The pay and status routes need the user's JWT and act on
 * that user's orders only; the two callbacks are the gateway's and trust nothing until the notification verifies.
 * They answer as WeChat Pay v3 expects: 204 when applied (or already applied), else 4xx/5xx with
 * {@code {"code":"FAIL","message":...}}, which makes the gateway retry.
 */
@RestController
@RequestMapping(path = "/payment/v1/thirdPayment")
public class ThirdPaymentController {

    private static final Logger log = LoggerFactory.getLogger(ThirdPaymentController.class);
    private static final List<String> SIGNATURE_HEADERS = List.of(WechatPayMessages.TIMESTAMP, WechatPayMessages.NONCE,
            WechatPayMessages.SIGNATURE, WechatPayMessages.SERIAL);

    record Fail(String code, String message) {
    }

    private final CreatePayment createPayment;
    private final ConfirmPayment confirmPayment;
    private final ConfirmRefund confirmRefund;
    private final ShowPayment showPayment;
    private final PaymentGateway gateway;

    public ThirdPaymentController(CreatePayment createPayment, ConfirmPayment confirmPayment, ConfirmRefund confirmRefund,
                                  ShowPayment showPayment, PaymentGateway gateway) {
        this.createPayment = createPayment;
        this.confirmPayment = confirmPayment;
        this.confirmRefund = confirmRefund;
        this.showPayment = showPayment;
        this.gateway = gateway;
    }

    @PostMapping("/thirdPaymentWxPay")
    public Mono<ApiResponse<ThirdPaymentWxPayResp>> pay(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ThirdPaymentWxPayReq req) {
        return RunToCompletion.of(Mono.defer(() -> createPayment.pay(CurrentUser.id(jwt), req.orderSn(), req.serviceType())))
                .map(params -> ApiResponse.ok(ThirdPaymentWxPayResp.of(params)));
    }

    @PostMapping("/thirdPaymentStatus")
    public Mono<ApiResponse<ThirdPaymentStatusResp>> status(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ThirdPaymentStatusReq req) {
        return showPayment.latest(CurrentUser.id(jwt), req.orderSn()).map(p -> ApiResponse.ok(ThirdPaymentStatusResp.of(p)));
    }

    @PostMapping("/thirdPaymentWxPayCallback")
    public Mono<ResponseEntity<Fail>> paymentCallback(@RequestHeader HttpHeaders headers, @RequestBody(required = false) String body) {
        return answer(verified(headers, body).flatMap(notice -> notice instanceof GatewayNotice.Transaction t
                ? confirmPayment.apply(t).then()
                : Mono.error(new InvalidNotificationException("a refund notification on the payment callback"))));
    }

    @PostMapping("/thirdPaymentWxRefundCallback")
    public Mono<ResponseEntity<Fail>> refundCallback(@RequestHeader HttpHeaders headers, @RequestBody(required = false) String body) {
        return answer(verified(headers, body).flatMap(notice -> notice instanceof GatewayNotice.Refund r
                ? confirmRefund.apply(r).then()
                : Mono.error(new InvalidNotificationException("a payment notification on the refund callback"))));
    }

    private Mono<GatewayNotice> verified(HttpHeaders headers, String body) {
        Map<String, String> signature = new HashMap<>();
        for (String name : SIGNATURE_HEADERS) {
            String value = headers.getFirst(name);
            if (value != null) {
                signature.put(name, value);
            }
        }
        return gateway.verify(signature, body == null ? "" : body);
    }

    private static Mono<ResponseEntity<Fail>> answer(Mono<Void> applied) {
        // a notice being applied when the gateway hangs up is applied whole (its retry then finds it done)
        return RunToCompletion.of(applied).then(Mono.fromSupplier(() -> ResponseEntity.noContent().<Fail>build()))
                .onErrorResume(InvalidNotificationException.class, e -> Mono.just(
                        ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new Fail("FAIL", e.getMessage()))))
                .onErrorResume(e -> {
                    log.error("notification not applied; the gateway will retry", e);
                    return Mono.just(ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                            .body(new Fail("FAIL", "not applied, please retry")));
                });
    }
}
