package io.marsdcs.syslog;

/**
 * The five syslog events MARS's parser templates know (guide section 5.1.2), with each template's
 * identity and patterns. This is the one source for both the lines we send and what {@code
 * mars-kit} tells the administrator to type into MARS.
 */
public enum MarsEvent {
    DCS_Cleanup_Success("TM_DCS_CLEAN_SUCCESS", "Trend Micro DCS successfully cleaned an infection",
            "EVT_DCS_Cleanup_Success", "Green", 6),
    DCS_Cleanup_Fail("TM_DCS_CLEAN_FAIL", "Trend Micro DCS was unable to clean an infection",
            "EVT_DCS_Cleanup_Fail", "Red", 3),
    DCS_Login_Failure("TM_DCS_LOGIN_FAILURE", "Trend Micro DCS was unable to log into the machine",
            "EVT_DCS_Cleanup_Fail", "Red", 3),
    DCS_No_Infection_Found("TM_DCS_NO_INFECTION_FOUND", "Trend Micro DCS did not find any infection",
            "EVT_DCS_No_Infection_Found", "Yellow", 5),
    DCS_MANUAL_CLEAN_NEEDED("TM_DCS_SCAN_REQUEST_ON_CLEANED_HOST",
            "Trend Micro DCS cleaned the machine but the machine continues to trigger MARS alert",
            "EVT_DCS_SCAN_REQUEST_ON_CLEANED_HOST", "Red", 4);

    /** MARS value pattern for "Received Time" (format %Y-%m-%dT%H:%M:%S%z). */
    public static final String TIME_VALUE_PATTERN = "\\d{4}-\\d{1,2}-\\d{1,2}T\\d{1,2}:\\d{1,2}:\\d{1,2}[+-]\\d{4}";
    /** MARS key pattern for "Destination Address", position 2 of every template. */
    public static final String ADDRESS_KEY_PATTERN = ".* Infection destination IP=\"";
    /** MARS value pattern IPV4_DOTQUAD. */
    public static final String ADDRESS_VALUE_PATTERN = "(\\d{1,3}\\.){3}\\d{1,3}";

    private final String logId;
    private final String description;
    private final String eventType;
    private final String marsSeverity;
    private final int syslogSeverity;

    MarsEvent(String logId, String description, String eventType, String marsSeverity, int syslogSeverity) {
        this.logId = logId;
        this.description = description;
        this.eventType = eventType;
        this.marsSeverity = marsSeverity;
        this.syslogSeverity = syslogSeverity;
    }

    public String logId() { return logId; }
    public String description() { return description; }
    public String eventType() { return eventType; }
    public String marsSeverity() { return marsSeverity; }
    /** RFC 3164 severity: 3 error, 4 warning, 5 notice, 6 informational. */
    public int syslogSeverity() { return syslogSeverity; }

    /** MARS key pattern for "Received Time", position 1 of this event's template. */
    public String timeKeyPattern() {
        return name() + " .* Event time=\"";
    }
}
