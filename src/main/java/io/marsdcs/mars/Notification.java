package io.marsdcs.mars;

import java.util.List;

/**
 * One MARS notification as parsed: the incidents of its XML attachment. {@code warnings} says
 * what was dropped or repaired (MARS sends partial documents "best effort"; we take what is there).
 */
public record Notification(String attachmentName, List<Incident> incidents, List<String> warnings) {
    public Notification {
        incidents = List.copyOf(incidents);
        warnings = List.copyOf(warnings);
    }
}
