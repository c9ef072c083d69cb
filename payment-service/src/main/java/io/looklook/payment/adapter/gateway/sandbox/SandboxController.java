package io.looklook.payment.adapter.gateway.sandbox;

import io.looklook.payment.application.PayerOpenids;
import io.looklook.platform.security.CurrentUser;
import io.looklook.platform.web.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /payment/v1/sandbox/pay}: plays the user confirming (or failing) the payment in WeChat. The caller's
 * JWT stands for the phone: the user's mini-program openid (from the payer-openid view) must be the one the prepay
 * named, as only that openid can pay it in WeChat. The notification to our callback follows asynchronously.
 */
@RestController
class SandboxController {

    record SandboxPayReq(@NotBlank @Size(max = 64) String prepayId, @NotNull Boolean success) {
    }

    record SandboxPayResp(String prepayId, String outTradeNo, String tradeState, String transactionId) {
    }

    private final SandboxGateway gateway;
    private final PayerOpenids openids;

    SandboxController(SandboxGateway gateway, PayerOpenids openids) {
        this.gateway = gateway;
        this.openids = openids;
    }

    @PostMapping("/payment/v1/sandbox/pay")
    Mono<ApiResponse<SandboxPayResp>> pay(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody SandboxPayReq req) {
        // no openid is nobody's: the prepay's payer check refuses it
        return Mono.defer(() -> openids.of(CurrentUser.id(jwt)).defaultIfEmpty(""))
                .flatMap(openid -> gateway.pay(req.prepayId(), req.success(), openid))
                .map(t -> ApiResponse.ok(new SandboxPayResp(t.prepayId(), t.outTradeNo(), t.tradeState(), t.transactionId())));
    }
}
