package io.marsdcs.mars;

import io.marsdcs.net.IpLiteral;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The source of an event. MARS puts a host name where an address belongs at times, or leaves the
 * address empty and gives a DNS or NetBIOS name: {@code address} is set only for a true literal,
 * {@code name} holds the best name MARS gave (DNS name first), or is empty.
 */
public record Attacker(Optional<InetAddress> address, String name) {

    static Attacker of(String ipAddress, String dnsName, String netBiosName) {
        String ip = ipAddress == null ? "" : ipAddress.trim();
        Optional<InetAddress> literal = IpLiteral.parse(ip);
        String name = firstNonBlank(literal.isEmpty() ? ip : "", dnsName, netBiosName);
        return new Attacker(literal, name);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return printable(v.trim());
        }
        return "";
    }

    /**
     * Names end up in logs, requests and syslog: control characters, white space, quotes and '='
     * never belong in a host name, and would let one forge or confuse a log line.
     */
    private static String printable(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), 255));
        for (int i = 0; i < name.length() && sb.length() < 255; i++) {
            char c = name.charAt(i);
            boolean unsafe = Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || c == '"' || c == '=' || c == '\u2028' || c == '\u2029';
            sb.append(unsafe ? '?' : c);
        }
        return sb.toString();
    }

    public boolean isEmpty() {
        return address.isEmpty() && name.isEmpty();
    }

    @Override
    public String toString() {
        return address.map(IpLiteral::format).orElse(name.isEmpty() ? "(none)" : name);
    }
}
