package io.marsdcs.store;

import java.time.Instant;
import java.util.Optional;

/** A cleanup request as the store holds it. */
public record RequestRow(String requestId, long message, String incident, String rule, String eventTime,
                         String host, String target, String server, String state, int attempts,
                         Instant createdAt, Optional<Instant> sentAt) {}
