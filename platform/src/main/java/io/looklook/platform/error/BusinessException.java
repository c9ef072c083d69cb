package io.looklook.platform.error;

/**
 * A refusal the client caused and can fix; becomes the envelope {@code {"code":..., "msg":...}}. Free of any
 * framework type so domain code may throw it.
 */
public class BusinessException extends RuntimeException {

    private final ErrorCode code;

    public BusinessException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public static BusinessException invalidParameter(String message) {
        return new BusinessException(ErrorCode.REQUEST_PARAM_ERROR, message);
    }

    public static BusinessException notFound(String message) {
        return new BusinessException(ErrorCode.NOT_FOUND, message);
    }

    public static BusinessException conflict(String message) {
        return new BusinessException(ErrorCode.CONFLICT, message);
    }

    public ErrorCode code() {
        return code;
    }
}
