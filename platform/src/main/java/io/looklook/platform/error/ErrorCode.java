package io.looklook.platform.error;

/**
 * looklook's error codes ({@code pkg/xerr/errCode.go}), kept so existing clients keep working, plus those the
 * original folded into 100001 (not found, conflict, forbidden, a failed login, too many attempts, no WeChat sign-in to pay with) so clients can tell
 * them apart.
 */
public enum ErrorCode {
    OK(200, "OK"),
    SERVER_COMMON_ERROR(100001, "server hiccup, please try again later"),
    REQUEST_PARAM_ERROR(100002, "invalid parameter"),
    TOKEN_EXPIRE_ERROR(100003, "token invalid or expired, please log in again"),
    TOKEN_GENERATE_ERROR(100004, "failed to generate token"),
    DB_ERROR(100005, "database busy, please try again later"),
    DB_UPDATE_AFFECTED_ZERO_ERROR(100006, "update affected no row"),
    NOT_FOUND(100007, "not found"),
    CONFLICT(100008, "conflict"),
    FORBIDDEN(100009, "forbidden"),
    LOGIN_FAILED(100010, "account or password incorrect"),
    TOO_MANY_ATTEMPTS(100011, "too many attempts, please try again later"),
    /** Paying needs the payer's WeChat openid: the user has not signed in with the mini-program (wxMiniAuth). */
    WECHAT_AUTH_REQUIRED(100012, "Get user wechat openid fail，Please pay before authorization by weChat");

    private final int code;
    private final String defaultMessage;

    ErrorCode(int code, String defaultMessage) {
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    public int code() {
        return code;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
