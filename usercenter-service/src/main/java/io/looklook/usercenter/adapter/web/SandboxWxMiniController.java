package io.looklook.usercenter.adapter.web;

import io.looklook.platform.web.ApiResponse;
import io.looklook.usercenter.adapter.wechat.SandboxWxMini;
import io.looklook.usercenter.adapter.wechat.SandboxWxMini.SandboxLogin;
import io.looklook.usercenter.adapter.web.UserRequests.SandboxLoginReq;
import jakarta.validation.Valid;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The sandbox phone (local profile only): {@code POST /usercenter/sandbox/wxMini/login {openid, phoneNumber}} gives
 * what WeChat gives a mini-program, {@code {code, iv, encryptedData}}, ready for {@code /usercenter/v1/user/wxMiniAuth}.
 */
@RestController
@ConditionalOnProperty(name = "looklook.usercenter.wx-mini.sandbox", havingValue = "true")
public class SandboxWxMiniController {

    private final SandboxWxMini sandbox;

    public SandboxWxMiniController(SandboxWxMini sandbox) {
        this.sandbox = sandbox;
    }

    @PostMapping("/usercenter/sandbox/wxMini/login")
    public Mono<ApiResponse<SandboxLogin>> login(@Valid @RequestBody SandboxLoginReq req) {
        return Mono.fromSupplier(() -> ApiResponse.ok(sandbox.login(req.openid(), req.phoneNumber())));
    }
}
