package io.marsdcs.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses IPv4 and IPv6 literals without ever touching DNS: {@link InetAddress#getByName} would
 * resolve a host name, and a host name in a MARS report must never trigger a lookup by accident.
 */
public final class IpLiteral {
    private IpLiteral() {}

    /** The address, or empty when {@code text} is not a literal (a host name, garbage, blank). */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) return Optional.empty();
        String s = text.trim();
        if (s.isEmpty()) return Optional.empty();
        if (s.indexOf(':') >= 0) return parseV6(s);
        return parseV4(s);
    }

    private static Optional<InetAddress> parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return Optional.empty();
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) return Optional.empty();
            for (int j = 0; j < p.length(); j++) {
                if (p.charAt(j) < '0' || p.charAt(j) > '9') return Optional.empty();
            }
            // "010" is octal to some parsers and decimal to others: refuse the ambiguity.
            if (p.length() > 1 && p.charAt(0) == '0') return Optional.empty();
            int v = Integer.parseInt(p);
            if (v > 255) return Optional.empty();
            bytes[i] = (byte) v;
        }
        return fromBytes(bytes);
    }

    private static Optional<InetAddress> parseV6(String s) {
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (s.indexOf('%') >= 0) return Optional.empty(); // zone ids mean nothing to MARS or DCS
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!ok) return Optional.empty();
        }
        try {
            // Only hex digits, ':' and '.' reach here, so the JDK parses it as a literal, never a name.
            return Optional.of(InetAddress.getByName("[" + s + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static Optional<InetAddress> fromBytes(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Text form for logs and wire messages: dotted quad, or compressed IPv6. */
    public static String format(InetAddress address) {
        String s = address.getHostAddress();
        int pct = s.indexOf('%');
        return pct >= 0 ? s.substring(0, pct) : s;
    }
}
