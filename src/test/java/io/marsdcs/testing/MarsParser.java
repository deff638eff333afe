package io.marsdcs.testing;

import io.marsdcs.syslog.MarsEvent;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What MARS does with one of our syslog lines (guide section 5.1.2): it removes the header, then
 * for each position finds the key pattern and reads the value pattern right after it. A line
 * that MARS could not parse gives empty.
 */
public final class MarsParser {
    private static final Pattern HEADER = Pattern.compile("<\\d{1,3}>[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\S+ ");

    public record Parsed(MarsEvent event, String receivedTime, String destinationAddress) {}

    private MarsParser() {}

    public static Optional<Parsed> parse(String datagram) {
        Matcher h = HEADER.matcher(datagram);
        if (!h.lookingAt()) return Optional.empty();
        String body = datagram.substring(h.end());
        for (MarsEvent e : MarsEvent.values()) {
            if (!body.startsWith(e.name() + " ")) continue;   // the log template is chosen by its first key
            Optional<String[]> time = keyThenValue(body, 0, e.timeKeyPattern(), MarsEvent.TIME_VALUE_PATTERN);
            if (time.isEmpty()) return Optional.empty();
            int after = Integer.parseInt(time.get()[1]);
            Optional<String[]> ip = keyThenValue(body, after, MarsEvent.ADDRESS_KEY_PATTERN, MarsEvent.ADDRESS_VALUE_PATTERN);
            if (ip.isEmpty()) return Optional.empty();
            return Optional.of(new Parsed(e, time.get()[0], ip.get()[0]));
        }
        return Optional.empty();
    }

    private static Optional<String[]> keyThenValue(String body, int from, String key, String value) {
        Matcher k = Pattern.compile(key).matcher(body);
        if (!k.find(from)) return Optional.empty();
        Matcher v = Pattern.compile(value).matcher(body);
        v.region(k.end(), body.length());
        if (!v.lookingAt()) return Optional.empty();
        return Optional.of(new String[] {v.group(), String.valueOf(v.end())});
    }
}
