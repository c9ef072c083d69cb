package io.looklook.gateway;

/** A request body above the limit: 413, the message names the limit. */
final class BodyTooLargeException extends RuntimeException {

    BodyTooLargeException(long limit) {
        super("invalid parameter: the request body is larger than the gateway takes (at most " + limit + " bytes)");
    }
}
