package io.marsdcs.syslog;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * What the administrator types into MARS (guide sections 2.3, 5 and 6), generated from
 * {@link MarsEvent}, the one source of the templates the appliance's syslog lines are built and
 * tested against. Each template comes with a sample line from the real formatter, for MARS's
 * "Test" button.
 */
public final class MarsSetupKit {
    private MarsSetupKit() {}

    /** The four inspection rules of the guide (section 5.2) and the event type each watches. */
    private static final String[][] RULES = {
            {"Trend Micro Rule: Damage Cleanup Services - Cleanup Success", "EVT_DCS_Cleanup_Success", "cleanup success"},
            {"Trend Micro Rule: Damage Cleanup Services - Cleanup Fail", "EVT_DCS_Cleanup_Fail", "cleanup failure"},
            {"Trend Micro Rule: Damage Cleanup Services - No Infection Found", "EVT_DCS_No_Infection_Found", "no infection found"},
            {"Trend Micro Rule: Damage Cleanup Services - Repetitive Cleanup Request", "EVT_DCS_SCAN_REQUEST_ON_CLEANED_HOST",
                    "a cleanup request for a host already found clean: it still attacks and must be cleaned by hand"},
    };

    public static String text(String product, String applianceAddress, int smtpPort) {
        SyslogFormatter sample = new SyslogFormatter("marsdcs", product, ZoneId.of("America/Los_Angeles"));
        Instant at = Instant.parse("2007-04-05T23:57:18Z");
        StringBuilder sb = new StringBuilder();
        sb.append("MARS setup for marsdcs (guide sections 2.3, 5 and 6). Enter each item in the MARS web console.\n\n");

        sb.append("1. Notifications to the appliance (section 2.3)\n")
                .append("   Admin > System Setup > Configuration Information > Mail Gateway: ").append(applianceAddress)
                .append(" : ").append(smtpPort).append("\n")
                .append("   Management > User Management: a Notification Only user whose e-mail is accepted by smtp.recipients\n")
                .append("   Rules > each worm/virus/spyware rule > Action: an action profile with XML Email to that user\n")
                .append("   (Compress may be ticked: gzip attachments are read too)\n\n");

        sb.append("2. Custom device type (Admin > Custom Setup > User Defined Log Parser Templates > Add)\n")
                .append("   Type: Software   Vendor: Trend Micro   Model: Damage Cleanup Services   Version: 3.2\n\n");

        sb.append("3. Log templates for Trend Micro Damage Cleanup Services 3.2 (section 5.1.2)\n");
        for (MarsEvent e : MarsEvent.values()) {
            sb.append("\n   Log ID: ").append(e.logId()).append('\n')
                    .append("   Description: ").append(e.description()).append('\n')
                    .append("   Mapped to event type: ").append(e.eventType()).append(" (Event ID and Description ").append(e.eventType())
                    .append(", Severity ").append(e.marsSeverity()).append(")\n")
                    .append("   Pattern 1: Key Pattern   ").append(e.timeKeyPattern()).append('\n')
                    .append("              Parsed Field  Received Time; Value Type Time; Value Format %Y-%m-%dT%H:%M:%S%z\n")
                    .append("              Value Pattern ").append(MarsEvent.TIME_VALUE_PATTERN).append('\n')
                    .append("   Pattern 2: Key Pattern   ").append(MarsEvent.ADDRESS_KEY_PATTERN).append('\n')
                    .append("              Parsed Field  Destination Address; Value Type IPV4 (Dotted Quad), IPV4_DOTQUAD\n")
                    .append("              Value Pattern ").append(MarsEvent.ADDRESS_VALUE_PATTERN).append('\n')
                    .append("   Test with:  ").append(body(sample.line(new MarsReport(e, "10.10.0.21", at, Map.of()), at))).append('\n');
        }

        sb.append("\n4. Reporting device (Admin > System Setup > Security and Monitor Devices > Add SW security apps on new host)\n")
                .append("   Reporting IP: ").append(applianceAddress).append("; Reporting Applications: Trend Micro Damage Cleanup Services 3.2,")
                .append(" Reporting Method SYSLOG\n");

        sb.append("\n5. Inspection rules (Rules > Add; section 5.2): Source, Destination, Service, Devices, User, Keyword,")
                .append(" Severity ANY; Count 1\n");
        for (String[] r : RULES) {
            sb.append("   ").append(r[0]).append("\n      Event Types: ").append(r[1])
                    .append("\n      Description: triggers when the appliance reports ").append(r[2]).append('\n');
        }

        sb.append("\n6. Report (Query / Reports > Report > Add; section 6)\n")
                .append("   Name: DCS Report for All Events; Run On Demand Only; Total View\n")
                .append("   Query: Event Types ranked by Sessions, event types EVT_DCS_Cleanup_Success, EVT_DCS_Cleanup_Fail,")
                .append(" EVT_DCS_No_Infection_Found, EVT_DCS_SCAN_REQUEST_ON_CLEANED_HOST\n");
        sb.append("\nThen Activate.\n");
        return sb.toString();
    }

    /** MARS strips the syslog header before its patterns see the line (guide 5.1). */
    private static String body(String line) {
        return HEADER.matcher(line).replaceFirst("");
    }

    /** {@code <PRI>Mmm dd hh:mm:ss HOSTNAME }, the day space-padded. */
    private static final java.util.regex.Pattern HEADER =
            java.util.regex.Pattern.compile("^<\\d{1,3}>[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\S+ ");
}
