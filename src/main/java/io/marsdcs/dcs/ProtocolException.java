package io.marsdcs.dcs;

/** A DCS message that does not follow WIRE.md; the text says which part. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }
}
