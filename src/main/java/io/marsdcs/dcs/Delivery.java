package io.marsdcs.dcs;

/** How a DCS server took a message we sent it. */
public sealed interface Delivery {
    /** Why it ended this way, for the log and for MARS. */
    String reason();

    /** Taken: queued for cleanup, registered, unregistered. {@code registrationId} is set for a registration. */
    record Accepted(String registrationId) implements Delivery {
        @Override
        public String reason() {
            return "accepted";
        }
    }

    /** Not now (down, timed out, busy, 5xx): try again later. */
    record Retry(String reason) implements Delivery {}

    /** The server no longer knows our registration: register again, then retry. */
    record NotRegistered(String reason) implements Delivery {}

    /** Refused for good (4xx, protocol mismatch, refused registration): retrying would not help. */
    record Rejected(String reason) implements Delivery {}
}
