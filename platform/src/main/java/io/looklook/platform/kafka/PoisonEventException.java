package io.looklook.platform.kafka;

/** A record that can never be processed (invalid content): goes to the DLT at once, without retries. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }
}
