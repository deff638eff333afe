package io.marsdcs.app;

import io.marsdcs.mars.Attack;
import io.marsdcs.mars.Incident;
import io.marsdcs.mars.Notification;
import io.marsdcs.mars.ParseOutcome;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.policy.Decision;

/** How `replay` and `explain` print a notification and the decisions about it. */
public final class DecisionReport {
    private DecisionReport() {}

    public static String outcome(ParseOutcome outcome) {
        if (outcome instanceof ParseOutcome.NotMars n) return "not a MARS notification: " + n.reason() + "\n";
        if (outcome instanceof ParseOutcome.Malformed m) return "malformed: " + m.reason() + "\n";
        return notification(((ParseOutcome.Parsed) outcome).notification());
    }

    public static String notification(Notification n) {
        StringBuilder sb = new StringBuilder();
        sb.append("attachment ").append(n.attachmentName()).append('\n');
        n.warnings().forEach(w -> sb.append("warning ").append(w).append('\n'));
        for (Incident i : n.incidents()) {
            sb.append("incident ").append(i.id()).append(" severity=").append(i.severity()).append(" rule=\"").append(i.ruleName()).append("\"\n");
            for (Attack a : i.attacks()) {
                sb.append("  event ").append(a.eventId()).append(" time=").append(a.time()).append(" type=\"").append(a.eventType())
                        .append("\" source=").append(a.attacker().address().map(IpLiteral::format).orElse("-"))
                        .append(" name=").append(a.attacker().name().isEmpty() ? "-" : a.attacker().name()).append('\n');
            }
        }
        return sb.toString();
    }

    /** One line: what happens to the host and why. */
    public static String decision(Decision d) {
        if (d instanceof Decision.Clean c) return "clean via " + c.route().serverId() + " target=" + c.target();
        if (d instanceof Decision.Skip s) return "skip, " + s.reason().text() + " (" + s.detail() + ")";
        if (d instanceof Decision.ManualCleanNeeded m) {
            return "manual cleanup needed (found clean at " + m.lastDamageFree() + ", window until " + m.until() + ")";
        }
        return "covered by " + ((Decision.Covered) d).by();
    }
}
