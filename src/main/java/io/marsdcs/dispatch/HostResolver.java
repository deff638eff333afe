package io.marsdcs.dispatch;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Turns a host name MARS gave (DNS or NetBIOS) into an address, so the policy can check it
 * against the internal networks. A seam, so tests resolve from a table instead of DNS.
 */
@FunctionalInterface
public interface HostResolver {
    Optional<InetAddress> resolve(String name);

    /** The system resolver, for well-formed host names only (never a lookup of arbitrary bytes). */
    HostResolver SYSTEM = name -> {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) return Optional.empty();
        try {
            return Optional.of(InetAddress.getByName(name));
        } catch (java.net.UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    };
}
