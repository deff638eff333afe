package io.marsdcs.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** MARS notifications made to order: any incident id, any attackers, each mail with its own Message-ID. */
public final class Notifications {
    private Notifications() {}

    public static String xml(String incidentId, List<String> sources) {
        StringBuilder events = new StringBuilder();
        int n = 0;
        for (String src : sources) {
            events.append("<Event id=\"").append(++n).append("\" sessionId=\"1\" offset=\"1\" deviceRef=\"1\">")
                    .append("<EventType id=\"4012\" severity=\"red\"><Name>W32/Sasser worm activity</Name></EventType>")
                    .append("<Time>2007-04-05T16:54:58-07:00</Time>")
                    .append("<Source><IPAddress>").append(src).append("</IPAddress><Port>1045</Port><DNSName /><NetBiosName /></Source>")
                    .append("<Destination><IPAddress>10.10.0.77</IPAddress><Port>445</Port></Destination>")
                    .append("<Protocol number=\"6\">TCP</Protocol><RawMessage /></Event>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CSMARS-NOTIFICATION version=\"1.0\"><Data>"
                + "<Incident id=\"" + incidentId + "\" severity=\"red\" startTime=\"2007-04-05T16:54:58-07:00\" endTime=\"2007-04-05T16:54:58-07:00\">"
                + "<Rule id=\"1048\"><Name>System Rule: Worm Propagation - Success Likely</Name></Rule>"
                + events + "</Incident></Data></CSMARS-NOTIFICATION>";
    }

    public static byte[] mail(String incidentId, List<String> sources) {
        return mailWithAttachment(incidentId, "CS-MARS-Incident-" + incidentId + ".xml", xml(incidentId, sources).getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] mailWithAttachment(String incidentId, String filename, byte[] attachment) {
        String b64 = Base64.getMimeEncoder().encodeToString(attachment);
        return ("From: CS-MARS <pnadmin@apszone.local>\r\nTo: dcs@testzone.local\r\nSubject: CS-MARS Incident Notification: " + incidentId
                + "\r\nMessage-ID: <" + incidentId + "." + System.nanoTime() + "@mars-lc1.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nIncident " + incidentId
                + "\r\n--B\r\nContent-Type: text/xml\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\""
                + filename + "\"\r\n\r\n" + b64 + "\r\n--B--\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
