package io.marsdcs.dcs;

import java.util.List;

/** A result a DCS server sent back for one cleanup request. {@code time} is the server's text, possibly empty. */
public record CleanupResult(String requestId, String registrationId, String ip, String host, DcsStatus status,
                            String time, List<String> threats) {
    public CleanupResult {
        threats = List.copyOf(threats);
    }
}
