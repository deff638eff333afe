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
            if (v != null && !v.isBlank()) return v.trim();
        }
        return "";
    }

    public boolean isEmpty() {
        return address.isEmpty() && name.isEmpty();
    }

    @Override
    public String toString() {
        return address.map(IpLiteral::format).orElse(name.isEmpty() ? "(none)" : name);
    }
}
