package io.looklook.payment.application;

/**
 * The gateway answered, and said no ({@code ORDERPAID}, {@code INVALID_REQUEST} ...): asking again the same way
 * gets the same answer, unlike a timeout or a refused connection.
 */
public class GatewayRefusedException extends RuntimeException {

    private final String code;

    public GatewayRefusedException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
