package io.marsdcs.net;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/** A network in CIDR form. The address is always the network address (host bits zero). */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("prefix " + prefix + " out of range");
        if (!network.equals(maskOf(network, prefix))) {
            throw new IllegalArgumentException(IpLiteral.format(network) + "/" + prefix + " has host bits set");
        }
    }

    /** Parses {@code a.b.c.d/n} or {@code x::y/n}; a bare address is a host route (/32 or /128). */
    public static Optional<Cidr> parse(String text) {
        if (text == null) return Optional.empty();
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        Optional<InetAddress> ip = IpLiteral.parse(addr);
        if (ip.isEmpty()) return Optional.empty();
        int bits = ip.get().getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return Optional.empty();
            prefix = Integer.parseInt(p);
            if (prefix > bits) return Optional.empty();
        }
        if (!ip.get().equals(maskOf(ip.get(), prefix))) return Optional.empty();
        return Optional.of(new Cidr(ip.get(), prefix));
    }

    /**
     * The prefix length of a dotted-quad mask, or empty when the mask is not contiguous
     * (255.0.255.0): the old plug-in accepted those and matched nonsense.
     */
    public static Optional<Integer> prefixOfMask(String mask) {
        Optional<InetAddress> m = IpLiteral.parse(mask);
        if (m.isEmpty() || !(m.get() instanceof Inet4Address)) return Optional.empty();
        int v = new BigInteger(1, m.get().getAddress()).intValue();
        int ones = Integer.bitCount(v);
        int expected = ones == 0 ? 0 : (int) (0xFFFFFFFFL << (32 - ones));
        return v == expected ? Optional.of(ones) : Optional.empty();
    }

    /** The network of {@code prefix} bits that holds {@code address}. */
    public static Cidr covering(InetAddress address, int prefix) {
        return new Cidr(maskOf(address, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        if (address.getAddress().length != network.getAddress().length) return false;
        return network.equals(maskOf(address, prefix));
    }

    public int bits() {
        return network.getAddress().length * 8;
    }

    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    /** The highest address of the network: the directed broadcast for IPv4. */
    public InetAddress lastAddress() {
        byte[] b = network.getAddress();
        for (int i = 0; i < b.length; i++) {
            int hostBits = Math.max(0, Math.min(8, (i + 1) * 8 - prefix));
            b[i] |= (byte) ((1 << hostBits) - 1);
        }
        return IpLiteral.fromBytes(b).orElseThrow();
    }

    static InetAddress maskOf(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xFF << (8 - keep));
        }
        return IpLiteral.fromBytes(b).orElseThrow();
    }

    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + prefix;
    }
}
