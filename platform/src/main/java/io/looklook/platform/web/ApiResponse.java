package io.looklook.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.looklook.platform.error.ErrorCode;

/** looklook's response envelope: {@code {"code":200,"msg":"OK","data":...}}; errors carry no {@code data}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(int code, String msg, T data) {

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>(ErrorCode.OK.code(), ErrorCode.OK.defaultMessage(), data);
    }

    public static ApiResponse<Void> error(ErrorCode code, String msg) {
        return new ApiResponse<>(code.code(), msg, null);
    }
}
