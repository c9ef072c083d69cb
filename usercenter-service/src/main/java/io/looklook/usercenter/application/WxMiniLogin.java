package io.looklook.usercenter.application;

import reactor.core.publisher.Mono;

/**
 * WeChat's mini-program login (code2session): the code a mini-program got from {@code wx.login} becomes the user's
 * openid and the session key its encrypted data is sealed with. A code that is invalid or used errors with
 * {@link RefusedCodeException}; WeChat being unreachable or busy errors with a transient failure (503, retried by the
 * client).
 */
public interface WxMiniLogin {

    Mono<WxSession> code2Session(String code);

    record WxSession(String openid, String sessionKey) {
    }

    final class RefusedCodeException extends RuntimeException {
        public RefusedCodeException(String message) {
            super(message);
        }
    }
}
