package io.marsdcs.syslog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line for MARS: the event, the infected host, when it happened, and extra {@code Key="value"}
 * pairs (incident, request, DCS server, threat) that follow the three fixed fields.
 */
public record MarsReport(MarsEvent event, String hostAddress, Instant eventTime, Map<String, String> extras) {
    public MarsReport {
        extras = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }
}
