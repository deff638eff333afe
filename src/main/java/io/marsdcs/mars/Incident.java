package io.marsdcs.mars;

import java.util.List;

/** A MARS incident: its id, the rule that fired, and the events whose sources are the attackers. */
public record Incident(String id, String severity, String ruleName, List<Attack> attacks) {
    public Incident {
        attacks = List.copyOf(attacks);
    }
}
