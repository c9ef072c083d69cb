package io.looklook.usercenter.application;

/**
 * looklook's token answer: {@code accessExpire} and {@code refreshAfter} are unix seconds (when the token expires, and
 * the halfway point after which a client should log in again), as the original's generateToken.
 */
public record IssuedToken(String accessToken, long accessExpire, long refreshAfter) {
}
