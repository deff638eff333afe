package io.marsdcs.config;

import io.marsdcs.net.IpLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A listen address: an IP literal and a port ({@code 0.0.0.0:25}, {@code [::1]:1080}). */
public record HostPort(InetAddress address, int port) {
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String a = IpLiteral.format(address);
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
}
