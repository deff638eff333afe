package io.marsdcs.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * What the store remembers of one host: when a DCS server last left it clean (cleaned, or no
 * infection found), when MARS was last told it needs a manual cleanup, and the request in flight.
 */
public record HostHistory(Optional<Instant> lastDamageFree, Optional<Instant> lastManualNotice,
                          Optional<String> inFlightRequestId) {
    public static final HostHistory NONE = new HostHistory(Optional.empty(), Optional.empty(), Optional.empty());
}
