package io.looklook.payment.domain;

/** What a payment pays for; looklook supports homestay orders only. */
public final class ServiceType {

    public static final String HOMESTAY_ORDER = "homestayOrder";

    private ServiceType() {
    }

    public static boolean isSupported(String serviceType) {
        return HOMESTAY_ORDER.equals(serviceType);
    }
}
