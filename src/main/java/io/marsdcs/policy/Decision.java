package io.marsdcs.policy;

import java.net.InetAddress;
import java.time.Instant;

/** What to do about one suspect host. Exactly one decision per distinct host in a notification. */
public sealed interface Decision {
    Suspect suspect();

    /** Ask {@code route}'s DCS server to clean the host; {@code target} is what the request names (IP or host name). */
    record Clean(Suspect suspect, InetAddress address, Route route, String target) implements Decision {}

    /** Left alone; {@code reason} is the guide's rule that applies, {@code detail} the specifics for the log. */
    record Skip(Suspect suspect, SkipReason reason, String detail) implements Decision {}

    /** Found clean recently yet still attacking: DCS cannot fix it, MARS is told a person must. */
    record ManualCleanNeeded(Suspect suspect, InetAddress address, Instant lastDamageFree, Instant until) implements Decision {}

    /** Already covered: a cleanup in flight, a manual-clean notice already sent in this window, or the same host earlier in this notification. */
    record Covered(Suspect suspect, String by) implements Decision {}

    enum SkipReason {
        NO_ADDRESS("no usable address"),
        EXCEPTION("on the exception list"),
        INVALID_ADDRESS("not a host address"),
        NOT_INTERNAL("outside the internal networks"),
        NO_ROUTE("no DCS server covers it");

        private final String text;

        SkipReason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
