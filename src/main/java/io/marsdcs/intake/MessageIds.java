package io.marsdcs.intake;

import java.nio.charset.StandardCharsets;

/** Reads the Message-ID header from raw mail bytes without a full MIME parse (intake must stay cheap). */
public final class MessageIds {
    private static final int MAX_HEADER_BYTES = 256 * 1024;

    private MessageIds() {}

    /** The Message-ID value as written (angle brackets kept), or "" when the mail has none. */
    public static String of(byte[] mail) {
        int end = Math.min(mail.length, MAX_HEADER_BYTES);
        String headers = new String(mail, 0, end, StandardCharsets.ISO_8859_1);
        int blank = headers.indexOf("\r\n\r\n");
        if (blank < 0) blank = headers.indexOf("\n\n");
        if (blank >= 0) headers = headers.substring(0, blank);
        String[] lines = headers.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].regionMatches(true, 0, "Message-ID:", 0, 11)) continue;
            StringBuilder v = new StringBuilder(lines[i].substring(11));
            // folded continuation lines start with white space
            while (i + 1 < lines.length && !lines[i + 1].isEmpty() && Character.isWhitespace(lines[i + 1].charAt(0))) {
                v.append(lines[++i].trim());
            }
            String id = v.toString().trim();
            return id.length() > 998 ? id.substring(0, 998) : id;
        }
        return "";
    }
}
