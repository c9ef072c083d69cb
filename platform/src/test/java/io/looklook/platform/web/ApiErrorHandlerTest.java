package io.looklook.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.error.BusinessException;
import io.looklook.platform.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

class ApiErrorHandlerTest {

    @Test
    void refusalsKeepTheirCodeAndMessage() {
        ApiErrorHandler.Mapped mapped = ApiErrorHandler.map(BusinessException.notFound("homestay 9 does not exist"));
        assertThat(mapped.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(mapped.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(mapped.message()).isEqualTo("homestay 9 does not exist");
        assertThat(ApiErrorHandler.map(BusinessException.invalidParameter("x")).status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ApiErrorHandler.map(BusinessException.conflict("x")).status()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aBodyAboveTheCodecsLimitIs413NamingTheLimit() {
        ApiErrorHandler.Mapped mapped = ApiErrorHandler.map(new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("failed", new org.springframework.core.io.buffer.DataBufferLimitException(
                        "Exceeded limit on max bytes to buffer : 262144"))));
        assertThat(mapped.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(mapped.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR);
        assertThat(mapped.message()).isEqualTo("invalid parameter: the request body is larger than this service takes "
                + "(262144 bytes at most)");
    }

    @Test
    void bugsBecomeAGenericServerErrorWithoutDetails() {
        ApiErrorHandler.Mapped mapped = ApiErrorHandler.map(new NullPointerException("secret internals"));
        assertThat(mapped.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(mapped.code()).isEqualTo(ErrorCode.SERVER_COMMON_ERROR);
        assertThat(mapped.message()).doesNotContain("secret");
    }

    @Test
    void unknownRoutesAreNotFoundAndOtherClientStatusesAreParameterErrors() {
        assertThat(ApiErrorHandler.map(new ResponseStatusException(HttpStatus.NOT_FOUND)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        ApiErrorHandler.Mapped methodNotAllowed = ApiErrorHandler.map(new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED, "POST only"));
        assertThat(methodNotAllowed.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(methodNotAllowed.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR);
    }

    @Test
    void aMissingBodyIsNamedWithoutTheHandlersSignature() throws NoSuchMethodException {
        MethodParameter parameter = new MethodParameter(ApiErrorHandlerTest.class.getDeclaredMethod("handler", String.class), 0);
        ApiErrorHandler.Mapped mapped = ApiErrorHandler.map(new ServerWebInputException("No request body", parameter));
        assertThat(mapped.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(mapped.message()).isEqualTo("invalid parameter: the request body is missing: a JSON object is expected")
                .doesNotContain("ApiErrorHandlerTest", "handler", "java.lang");
        ApiErrorHandler.Mapped decoded = ApiErrorHandler.map(new ServerWebInputException("Failed to read HTTP message", parameter,
                new DecodingException("No request body for: public reactor.core.publisher.Mono<x> a.B.handler(c.D)")));
        assertThat(decoded.message()).isEqualTo(mapped.message());
        assertThat(ApiErrorHandler.withoutInternals("Bad thing for: public reactor.core.publisher.Mono<x> a.b.C.d(e)"))
                .isEqualTo("Bad thing");
    }

    @SuppressWarnings("unused")
    private static String handler(String body) {
        return body;
    }
}
