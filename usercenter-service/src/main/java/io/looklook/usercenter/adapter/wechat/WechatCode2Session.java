package io.looklook.usercenter.adapter.wechat;

import io.looklook.platform.error.DependencyUnavailableException;
import io.looklook.usercenter.application.WxMiniLogin;
import io.looklook.usercenter.config.UsercenterProperties;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat's {@code GET /sns/jscode2session} (appid, secret, js_code, grant_type=authorization_code). WeChat answers
 * 200 with {@code errcode} for every refusal, and often as text/plain, so the body is read as text.
 */
public class WechatCode2Session implements WxMiniLogin {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final WebClient web;
    private final UsercenterProperties.WxMini config;
    private final JsonMapper json;

    public WechatCode2Session(WebClient web, UsercenterProperties.WxMini config, JsonMapper json) {
        if (config.appId() == null || config.secret() == null) {
            throw new IllegalStateException("looklook.usercenter.wx-mini.app-id and .secret must be set "
                    + "(or wx-mini.sandbox=true in the local profile)");
        }
        this.web = web;
        this.config = config;
        this.json = json;
    }

    @Override
    public Mono<WxSession> code2Session(String code) {
        return web.get()
                .uri(config.apiUrl() + "/sns/jscode2session?appid={appid}&secret={secret}&js_code={code}"
                        + "&grant_type=authorization_code", config.appId(), config.secret(), code)
                .retrieve().bodyToMono(String.class).timeout(TIMEOUT)
                .map(body -> session(json.readTree(body)));
    }

    static WxSession session(JsonNode answer) {
        int errcode = answer.path("errcode").asInt(0);
        if (errcode == -1 || errcode == 45011) { // system busy; too many calls for this minute
            throw new DependencyUnavailableException("WeChat code2session is busy (errcode " + errcode + ")");
        }
        String openid = answer.path("openid").asString("");
        String sessionKey = answer.path("session_key").asString("");
        if (errcode != 0 || openid.isEmpty() || sessionKey.isEmpty()) {
            throw new RefusedCodeException("the code is invalid or was used (errcode " + errcode + ")");
        }
        return new WxSession(openid, sessionKey);
    }
}
