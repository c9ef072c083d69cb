package io.looklook.platform.error;

/**
 * looklook's error codes ({@code pkg/xerr/errCode.go}), kept so existing clients keep working, plus three the
 * original folded into 100001 (not found, conflict, forbidden) so clients can tell them apart.
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
    FORBIDDEN(100009, "forbidden");

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
