package io.looklook.usercenter.domain;

/** looklook's {@code user_auth.auth_type} values ({@code model/vars.go}). */
public enum AuthType {
    /** mobile + password; the auth key is the mobile */
    SYSTEM("system"),
    /** WeChat mini-program; the auth key is the openid */
    WX_MINI("wxMini");

    private final String value;

    AuthType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
