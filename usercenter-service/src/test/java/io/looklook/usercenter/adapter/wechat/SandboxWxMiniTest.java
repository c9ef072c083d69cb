package io.looklook.usercenter.adapter.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.looklook.usercenter.application.WxMiniLogin.RefusedCodeException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox's codes: redeemed by any instance sharing the secret, once per instance, never forged. */
class SandboxWxMiniTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SandboxWxMini first = new SandboxWxMini("wx-app", "the-secret", JSON);
    private final SandboxWxMini second = new SandboxWxMini("wx-app", "the-secret", JSON);

    @Test
    void aCodeHandedOutByOneInstanceIsRedeemedByAnother() {
        String code = first.login("o-openid-1", "13800000001").code();
        assertThat(second.code2Session(code).block()).extracting("openid").isEqualTo("o-openid-1");
    }

    @Test
    void aCodeWorksOnceWhereItIsUsed() {
        String code = first.login("o-openid-2", "13800000002").code();
        second.code2Session(code).block();
        assertThatThrownBy(() -> second.code2Session(code).block()).isInstanceOf(RefusedCodeException.class);
    }

    @Test
    void aTamperedCodeOrAnotherSecretsCodeIsRefused() {
        String code = first.login("o-openid-3", "13800000003").code();
        String otherOpenid = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("o-victim\n9999999999\nnonce".getBytes());
        assertThatThrownBy(() -> second.code2Session(otherOpenid + code.substring(code.indexOf('.'))).block())
                .isInstanceOf(RefusedCodeException.class);
        assertThatThrownBy(() -> new SandboxWxMini("wx-app", "another-secret", JSON).code2Session(code).block())
                .isInstanceOf(RefusedCodeException.class);
        assertThatThrownBy(() -> second.code2Session("not a code").block()).isInstanceOf(RefusedCodeException.class);
    }
}
