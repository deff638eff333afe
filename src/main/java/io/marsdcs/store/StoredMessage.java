package io.marsdcs.store;

import java.time.Instant;

/** A stored mail waiting for the dispatcher. */
public record StoredMessage(long id, Instant receivedAt, String via, String peer, String messageId, byte[] body) {}
