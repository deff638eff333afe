package io.marsdcs.mars;

/** Thrown inside the parser when an attachment cannot be read safely; becomes {@link ParseOutcome.Malformed}. */
final class MalformedInputException extends Exception {
    MalformedInputException(String message) {
        super(message);
    }
}
