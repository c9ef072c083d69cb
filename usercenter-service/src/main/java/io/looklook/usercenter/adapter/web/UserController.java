package io.looklook.usercenter.adapter.web;

import io.looklook.platform.security.CurrentUser;
import io.looklook.platform.web.ApiResponse;
import io.looklook.usercenter.adapter.web.UserRequests.LoginReq;
import io.looklook.usercenter.adapter.web.UserRequests.RegisterReq;
import io.looklook.usercenter.adapter.web.UserRequests.UpdateInfoReq;
import io.looklook.usercenter.adapter.web.UserRequests.WxMiniAuthReq;
import io.looklook.usercenter.adapter.web.UserViews.TokenResp;
import io.looklook.usercenter.adapter.web.UserViews.UserInfoResp;
import io.looklook.usercenter.adapter.web.UserViews.UserView;
import io.looklook.usercenter.application.Accounts;
import io.looklook.usercenter.application.IssuedToken;
import io.looklook.usercenter.config.UsercenterProperties;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * looklook usercenter-api {@code /usercenter/v1/user/*}. register, login and wxMiniAuth are public (the original put
 * wxMiniAuth behind the JWT, which a new mini-program user has no way to pass); detail and updateInfo need the user's
 * token.
 */
@RestController
@RequestMapping(path = "/usercenter/v1/user")
public class UserController {

    private final Accounts accounts;
    private final UsercenterProperties properties;

    public UserController(Accounts accounts, UsercenterProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @PostMapping("/register")
    public Mono<ApiResponse<TokenResp>> register(@Valid @RequestBody RegisterReq req, ServerWebExchange exchange) {
        return accounts.register(req.mobile(), req.password(), client(exchange)).map(UserController::token);
    }

    @PostMapping("/login")
    public Mono<ApiResponse<TokenResp>> login(@Valid @RequestBody LoginReq req, ServerWebExchange exchange) {
        return accounts.login(req.mobile(), req.password(), client(exchange)).map(UserController::token);
    }

    @PostMapping("/wxMiniAuth")
    public Mono<ApiResponse<TokenResp>> wxMiniAuth(@Valid @RequestBody WxMiniAuthReq req, ServerWebExchange exchange) {
        return accounts.wxMiniAuth(req.code(), req.iv(), req.encryptedData(), client(exchange)).map(UserController::token);
    }

    /** The original's UserInfoReq is empty: the body may be {} or absent. */
    @PostMapping("/detail")
    public Mono<ApiResponse<UserInfoResp>> detail(@AuthenticationPrincipal Jwt jwt) {
        return accounts.detail(CurrentUser.id(jwt)).map(u -> ApiResponse.ok(new UserInfoResp(UserView.of(u))));
    }

    /** Not in the original (its profile never changes after sign-up): the whole profile, answered like detail. */
    @PostMapping("/updateInfo")
    public Mono<ApiResponse<UserInfoResp>> updateInfo(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody UpdateInfoReq req) {
        return accounts.updateProfile(CurrentUser.id(jwt), req.nickname(), req.sex(), req.avatar(), req.info())
                .map(u -> ApiResponse.ok(new UserInfoResp(UserView.of(u))));
    }

    private String client(ServerWebExchange exchange) {
        return ClientAddress.of(exchange, properties.trustedProxies());
    }

    private static ApiResponse<TokenResp> token(IssuedToken t) {
        return ApiResponse.ok(new TokenResp(t.accessToken(), t.accessExpire(), t.refreshAfter()));
    }
}
