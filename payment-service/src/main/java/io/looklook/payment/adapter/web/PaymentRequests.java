package io.looklook.payment.adapter.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of looklook's payment-api, same field names; every key is required. */
public final class PaymentRequests {

    private PaymentRequests() {
    }

    /** {@code serviceType}: only {@code homestayOrder} is supported. */
    public record ThirdPaymentWxPayReq(@NotBlank @Size(max = 25) String orderSn, @NotNull @Size(max = 32) String serviceType) {
    }

    public record ThirdPaymentStatusReq(@NotBlank @Size(max = 25) String orderSn) {
    }
}
