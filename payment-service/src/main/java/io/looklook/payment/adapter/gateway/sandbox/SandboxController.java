package io.looklook.payment.adapter.gateway.sandbox;

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
 * JWT stands for the payer's WeChat identity: only the user the prepay was opened for can pay it, as only that
 * openid can in WeChat. The notification to our callback follows asynchronously.
 */
@RestController
class SandboxController {

    record SandboxPayReq(@NotBlank @Size(max = 64) String prepayId, @NotNull Boolean success) {
    }

    record SandboxPayResp(String prepayId, String outTradeNo, String tradeState, String transactionId) {
    }

    private final SandboxGateway gateway;

    SandboxController(SandboxGateway gateway) {
        this.gateway = gateway;
    }

    @PostMapping("/payment/v1/sandbox/pay")
    Mono<ApiResponse<SandboxPayResp>> pay(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody SandboxPayReq req) {
        return Mono.defer(() -> gateway.pay(req.prepayId(), req.success(), CurrentUser.id(jwt)))
                .map(t -> ApiResponse.ok(new SandboxPayResp(t.prepayId(), t.outTradeNo(), t.tradeState(), t.transactionId())));
    }
}
