package io.marsdcs.store;

import java.util.List;

/** A mail as an intake took it in, before anything was parsed. */
public record ReceivedMail(String via, String peer, String envelopeFrom, List<String> recipients,
                           String messageId, byte[] body) {
    public ReceivedMail {
        recipients = List.copyOf(recipients);
    }
}
