package io.looklook.platform.web;

import io.looklook.platform.error.BusinessException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import io.looklook.platform.error.TooManyAttemptsException;
import io.looklook.platform.error.ErrorCode;
import io.looklook.platform.error.FailureKind;
import io.looklook.platform.kafka.ConsumerRetries;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure of an HTTP request (refusals, bad JSON, failed validation, unknown routes, bugs) into the
 * envelope, with a message that names the offending field. Never a stack trace; bugs are logged here instead.
 */
@Order(-2)
public class ApiErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    /** How soon a client may retry after a 503: outages of the parts take seconds, not minutes, to notice. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final JsonMapper json;

    public ApiErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        if (causeOf(error, AbortedException.class) != null) {
            // the client (or the gateway, on its timeout) hung up: nobody is left to answer, and nothing failed here
            log.debug("{} {}: the client closed the connection", exchange.getRequest().getMethod(), exchange.getRequest().getPath());
            return Mono.empty();
        }
        Mapped mapped = map(error);
        if (mapped.status().value() == 503) {
            // a dependency is away: one line, not a stack trace per request of an outage
            log.warn("{} {} answered 503: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    ConsumerRetries.summary(error));
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        } else if (mapped.status().is5xxServerError()) {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        }
        if (error instanceof TooManyAttemptsException limited) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds()));
        }
        response.setStatusCode(mapped.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(ApiResponse.error(mapped.code(), mapped.message()));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    record Mapped(HttpStatusCode status, ErrorCode code, String message) {
    }

    static Mapped map(Throwable error) {
        if (error instanceof RequestDeadline.Exceeded) {
            return new Mapped(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVER_COMMON_ERROR,
                    "the request took too long (a dependency is slow or away), please try again");
        }
        if (FailureKind.of(error) == FailureKind.TRANSIENT) {
            return FailureKind.isDatabase(error)
                    ? new Mapped(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.DB_ERROR, ErrorCode.DB_ERROR.defaultMessage())
                    : new Mapped(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVER_COMMON_ERROR,
                            "a dependency is unavailable, please try again later");
        }
        if (error instanceof BusinessException e) {
            return new Mapped(statusOf(e.code()), e.code(), e.getMessage());
        }
        DataBufferLimitException tooLarge = causeOf(error, DataBufferLimitException.class);
        if (tooLarge != null) {
            // the codecs' limit (spring.codec.max-in-memory-size); its message names the number of bytes
            return new Mapped(HttpStatus.CONTENT_TOO_LARGE, ErrorCode.REQUEST_PARAM_ERROR,
                    ErrorCode.REQUEST_PARAM_ERROR.defaultMessage() + ": the request body is larger than this service takes ("
                            + tooLarge.getMessage().replaceAll("[^0-9]", "") + " bytes at most)");
        }
        if (error instanceof WebExchangeBindException e) {
            String fields = e.getFieldErrors().stream().map(ApiErrorHandler::describe).sorted()
                    .collect(Collectors.joining("; "));
            String message = fields.isEmpty() ? e.getReason() : fields;
            return invalid(message);
        }
        if (error instanceof ServerWebInputException e) {
            return invalid(describeInput(e));
        }
        if (error instanceof ResponseStatusException e) {
            HttpStatusCode status = e.getStatusCode();
            ErrorCode code = status.value() == 404 ? ErrorCode.NOT_FOUND
                    : status.is4xxClientError() ? ErrorCode.REQUEST_PARAM_ERROR : ErrorCode.SERVER_COMMON_ERROR;
            String reason = status.value() == 404 ? "no such route" : e.getReason() != null ? withoutInternals(e.getReason())
                    : HttpStatus.resolve(status.value()) != null ? HttpStatus.resolve(status.value()).getReasonPhrase() : "refused";
            return new Mapped(status, code, reason);
        }
        return new Mapped(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.SERVER_COMMON_ERROR,
                ErrorCode.SERVER_COMMON_ERROR.defaultMessage());
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static Mapped invalid(String detail) {
        return new Mapped(HttpStatus.BAD_REQUEST, ErrorCode.REQUEST_PARAM_ERROR,
                ErrorCode.REQUEST_PARAM_ERROR.defaultMessage() + ": " + detail);
    }

    private static String describe(FieldError error) {
        if (error.getRejectedValue() == null && "NotNull".equals(error.getCode())) {
            return error.getField() + " is required";
        }
        return error.getField() + " " + error.getDefaultMessage();
    }

    /** Malformed JSON or a value of the wrong type: name the field Jackson was reading. */
    private static String describeInput(ServerWebInputException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof JacksonException)) {
            cause = cause.getCause();
        }
        if (cause instanceof JacksonException jackson) {
            String path = jackson.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (path.isEmpty() && jackson instanceof MismatchedInputException) {
                return "the request body must be a JSON object"; // Jackson's text names our request class
            }
            if (path.isEmpty()) {
                return "malformed JSON: " + firstLine(jackson.getOriginalMessage());
            }
            if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return path + " must be " + describeType(mismatch.getTargetType());
            }
            return path + " has the wrong type or format";
        }
        String detail = e.getCause() instanceof DecodingException decoding ? decoding.getMessage() : e.getReason();
        if (detail != null && detail.startsWith("No request body")) {
            return "the request body is missing: a JSON object is expected";
        }
        if (e.getCause() instanceof DecodingException) {
            return "malformed JSON: " + withoutInternals(detail);
        }
        return e.getReason() != null ? withoutInternals(e.getReason()) : "unreadable request";
    }

    /** Spring's reasons may name the handler method ("... for: public reactor.core.publisher.Mono<...>"): cut it off. */
    static String withoutInternals(String reason) {
        int cut = reason.indexOf(" for: ");
        return cut > 0 ? reason.substring(0, cut) : reason;
    }

    private static String describeType(Class<?> type) {
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class
                || type == Short.class || type == Byte.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a JSON " + (type.isRecord() ? "object" : type.getSimpleName());
    }

    private static String firstLine(String text) {
        int cut = text.indexOf('\n');
        return cut > 0 ? text.substring(0, cut) : text;
    }

    private static HttpStatusCode statusOf(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN, WECHAT_AUTH_REQUIRED -> HttpStatus.FORBIDDEN;
            case TOKEN_EXPIRE_ERROR, LOGIN_FAILED -> HttpStatus.UNAUTHORIZED;
            case TOO_MANY_ATTEMPTS -> HttpStatus.TOO_MANY_REQUESTS;
            case SERVER_COMMON_ERROR, DB_ERROR, TOKEN_GENERATE_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.BAD_REQUEST;
        };
    }
}
