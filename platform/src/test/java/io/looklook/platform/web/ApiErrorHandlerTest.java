package io.looklook.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.error.BusinessException;
import io.looklook.platform.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

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
}
