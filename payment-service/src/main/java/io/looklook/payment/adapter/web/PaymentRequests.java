package io.looklook.payment.adapter.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of looklook's payment-api, same field names; every key is required. */
public final class PaymentRequests {

    private PaymentRequests() {
    }

    /** {@code serviceType}: only {@code homestayOrder} is supported. */
    public record ThirdPaymentWxPayReq(@Schema(example = "HSO2026120213441170076295") @NotBlank @Size(max = 25) String orderSn,
                                       @Schema(example = "homestayOrder") @NotNull @Size(max = 32) String serviceType) {
    }

    public record ThirdPaymentStatusReq(@Schema(example = "HSO2026120213441170076295") @NotBlank @Size(max = 25) String orderSn) {
    }
}
