package io.marsdcs.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %journal} in the console pattern: under systemd (JOURNAL_STREAM is set) each line starts
 * with its syslog priority, {@code <3>} to {@code <7>}, so journald files it at the right level
 * ({@code journalctl -p warning}); on a terminal it prints nothing.
 */
public final class JournalPriority extends ClassicConverter {
    private final boolean journal = System.getenv("JOURNAL_STREAM") != null;

    @Override
    public String convert(ILoggingEvent event) {
        return journal ? prefix(event.getLevel()) : "";
    }

    static String prefix(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) return "<3>";
        if (level.isGreaterOrEqual(Level.WARN)) return "<4>";
        if (level.isGreaterOrEqual(Level.INFO)) return "<6>";
        return "<7>";
    }
}
