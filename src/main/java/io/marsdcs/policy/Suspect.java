package io.marsdcs.policy;

import io.marsdcs.net.IpLiteral;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A host MARS named as an attacker, as the policy sees it: the address (from MARS, or resolved
 * from MARS's host name before the policy runs), the name MARS gave, and where it came from.
 */
public record Suspect(Optional<InetAddress> address, String name, String incidentId, String rule, String eventTime) {

    /** How the host is named in logs: the address, plus the name when MARS gave one. */
    public String label() {
        String a = address.map(IpLiteral::format).orElse("");
        if (a.isEmpty()) return name.isEmpty() ? "(no address)" : name;
        return name.isEmpty() ? a : a + " (" + name + ")";
    }
}
