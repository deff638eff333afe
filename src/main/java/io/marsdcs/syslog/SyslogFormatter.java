package io.marsdcs.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 3164 framing around the guide's fixed body. Pure: the send time is a parameter. The event
 * time carries the zone's true offset on that date, so daylight saving time is right (the
 * guide's 1.0.3 fix); values cannot break out of their quotes or start a new line.
 */
public final class SyslogFormatter {
    public static final int MAX_DATAGRAM = 1024;
    private static final int FACILITY_USER = 1;
    private static final DateTimeFormatter HEADER_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT);

    private final String hostname;
    private final String product;
    private final ZoneId zone;

    public SyslogFormatter(String hostname, String product, ZoneId zone) {
        this.hostname = hostname.replaceAll("[^\\x21-\\x7E]", "-");
        this.product = clean(product);
        this.zone = zone;
    }

    public byte[] format(MarsReport report, Instant sentAt) {
        return line(report, sentAt).getBytes(StandardCharsets.UTF_8);
    }

    /** The whole datagram as text; extras that would push it past 1024 bytes are dropped, never the fixed fields. */
    public String line(MarsReport report, Instant sentAt) {
        int pri = FACILITY_USER * 8 + report.event().syslogSeverity();
        StringBuilder sb = new StringBuilder(256)
                .append('<').append(pri).append('>')
                .append(HEADER_TIME.format(sentAt.atZone(zone))).append(' ')
                .append(hostname).append(' ')
                .append(report.event().name())
                .append(" Security product = \"").append(product).append('"')
                .append(" Event time=\"").append(EVENT_TIME.format(report.eventTime().atZone(zone))).append('"')
                .append(" Infection destination IP=\"").append(clean(report.hostAddress())).append('"');
        for (Map.Entry<String, String> e : report.extras().entrySet()) {
            String pair = " " + e.getKey().replaceAll("[^A-Za-z0-9_]", "_") + "=\"" + clean(e.getValue()) + "\"";
            if (utf8Length(sb) + utf8Length(pair) > MAX_DATAGRAM) break;
            sb.append(pair);
        }
        return sb.toString();
    }

    /**
     * The line that tells MARS the appliance is alive. Deliberately no "Infection destination IP":
     * it matches none of the five templates, so MARS keeps it as raw activity of the reporting
     * device (what its inactive-device alerts watch) and raises no incident.
     */
    public String heartbeat(Instant now, String lastNotification) {
        return "<" + (FACILITY_USER * 8 + 6) + ">" + HEADER_TIME.format(now.atZone(zone)) + " " + hostname
                + " DCS_Heartbeat Security product = \"" + product + "\" Event time=\"" + EVENT_TIME.format(now.atZone(zone))
                + "\" Status=\"alive\" LastNotification=\"" + clean(lastNotification) + "\"";
    }

    /** Neutralises what could end a value or a line: quotes become ', control characters a space. */
    static String clean(String value) {
        if (value == null) return "";
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') sb.append('\'');
            else if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029' || c == '\u0085') sb.append(' ');
            else sb.append(c);
        }
        return sb.length() > 200 ? sb.substring(0, 200) : sb.toString();
    }

    private static int utf8Length(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
