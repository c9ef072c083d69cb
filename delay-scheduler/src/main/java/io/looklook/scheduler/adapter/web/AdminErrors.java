package io.looklook.scheduler.adapter.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The admin API's errors in the looklook envelope every service answers with, {@code {"code":..., "msg":...}}, with
 * looklook's codes (the scheduler has no platform dependency, so they are named here).
 */
public final class AdminErrors {

    public static final int SERVER_ERROR = 100001;
    public static final int INVALID_PARAMETER = 100002;
    public static final int TOKEN_INVALID = 100003;
    public static final int NOT_FOUND = 100007;
    public static final int CONFLICT = 100008;
    public static final int FORBIDDEN = 100009;

    private AdminErrors() {
    }

    public static Map<String, Object> body(int code, String msg) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("msg", msg);
        return body;
    }

    public static ResponseEntity<Object> of(HttpStatus status, int code, String msg) {
        return ResponseEntity.status(status).body(body(code, msg));
    }

    public static ResponseEntity<Object> invalid(String msg) {
        return of(HttpStatus.BAD_REQUEST, INVALID_PARAMETER, "invalid parameter: " + msg);
    }

    /** The code for a status Spring or the server chose. */
    public static int codeFor(int status) {
        return switch (status) {
            case 401 -> TOKEN_INVALID;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            default -> status >= 500 ? SERVER_ERROR : INVALID_PARAMETER;
        };
    }
}
