package io.marsdcs.policy;

import io.marsdcs.net.Cidr;
import io.marsdcs.net.IpLiteral;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cleanup decision, in the guide's order of precedence. Pure: the host history and the time
 * are parameters, so every rule is a table test.
 */
public final class CleanupPolicy {
    private static final InetAddress LIMITED_BROADCAST = IpLiteral.parse("255.255.255.255").orElseThrow();

    private final PolicyRules rules;

    public CleanupPolicy(PolicyRules rules) {
        this.rules = rules;
    }

    public PolicyRules rules() {
        return rules;
    }

    /** One decision per suspect, in order; a host named twice is decided once and later mentions are {@code Covered}. */
    public List<Decision> decide(List<Suspect> suspects, Function<InetAddress, HostHistory> history, Instant now) {
        List<Decision> out = new ArrayList<>(suspects.size());
        Map<String, Decision> firstByHost = new HashMap<>();
        for (Suspect s : suspects) {
            String key = s.address().map(IpLiteral::format).orElse(s.name().toLowerCase(Locale.ROOT));
            Decision earlier = firstByHost.get(key);
            if (earlier != null) {
                out.add(new Decision.Covered(s, "the same host earlier in this notification"));
                continue;
            }
            Decision d = decideOne(s, history, now);
            firstByHost.put(key, d);
            out.add(d);
        }
        return out;
    }

    /** The rules in precedence order; the first that applies decides. */
    public Decision decideOne(Suspect s, Function<InetAddress, HostHistory> history, Instant now) {
        return decideOne(s, history, now, Trace.NONE);
    }

    /** Where each rule's verdict goes, for {@code explain}: the same code path decides and explains. */
    @FunctionalInterface
    public interface Trace {
        Trace NONE = (rule, finding) -> { };

        void step(String rule, String finding);
    }

    public Decision decideOne(Suspect s, Function<InetAddress, HostHistory> history, Instant now, Trace trace) {
        if (s.address().isEmpty()) {
            String detail = s.name().isEmpty() ? "MARS gave no address or name" : "host name " + s.name() + " did not resolve to an address";
            trace.step("address", detail);
            return new Decision.Skip(s, Decision.SkipReason.NO_ADDRESS, detail);
        }
        InetAddress ip = s.address().get();
        trace.step("address", IpLiteral.format(ip) + (s.name().isEmpty() ? "" : " (name " + s.name() + ")"));

        // The exception list has the highest priority (guide, Clean_Exception_List).
        Optional<Cidr> exception = rules.exceptions().stream().filter(c -> c.contains(ip)).findFirst();
        trace.step("exception list", exception.map(c -> "matches " + c).orElse("no match (" + rules.exceptions().size() + " in the list)"));
        if (exception.isPresent()) {
            return new Decision.Skip(s, Decision.SkipReason.EXCEPTION, "matches exception " + exception.get());
        }

        Optional<String> notAHost = notAHost(ip);
        trace.step("host address", notAHost.map(w -> "no: " + w).orElse("yes"));
        if (notAHost.isPresent()) return new Decision.Skip(s, Decision.SkipReason.INVALID_ADDRESS, notAHost.get());

        Optional<Cidr> internal = longestMatch(rules.internalNetworks(), Function.identity(), ip);
        trace.step("internal network", internal.map(c -> "yes: " + c).orElse("no: in none of " + rules.internalNetworks()));
        if (internal.isEmpty()) {
            return new Decision.Skip(s, Decision.SkipReason.NOT_INTERNAL, "in none of " + rules.internalNetworks());
        }
        Optional<String> edge = networkEdge(ip, internal.get());
        trace.step("network or broadcast address", edge.map(w -> "yes: " + w).orElse("no"));
        if (edge.isPresent()) return new Decision.Skip(s, Decision.SkipReason.INVALID_ADDRESS, edge.get());

        HostHistory h = history.apply(ip);
        trace.step("cleanup in flight", h.inFlightRequestId().map(r -> "yes: request " + r).orElse("no"));
        if (h.inFlightRequestId().isPresent()) {
            return new Decision.Covered(s, "cleanup request " + h.inFlightRequestId().get() + " already in flight");
        }
        if (h.lastDamageFree().isPresent()) {
            Instant until = h.lastDamageFree().get().plus(rules.minDamageFreeTime());
            boolean inWindow = now.isBefore(until);
            trace.step("min_damage_free_time", "found clean at " + h.lastDamageFree().get() + (inWindow
                    ? ", so not cleaned again until " + until : "; the " + rules.minDamageFreeTime().toMinutes() + "m window ended at " + until));
            if (inWindow) {
                Optional<Instant> notice = h.lastManualNotice();
                if (notice.isPresent() && !notice.get().isBefore(h.lastDamageFree().get())) {
                    return new Decision.Covered(s, "manual cleanup already reported at " + notice.get() + ", window ends " + until);
                }
                return new Decision.ManualCleanNeeded(s, ip, h.lastDamageFree().get(), until);
            }
        } else {
            trace.step("min_damage_free_time", "never found clean here");
        }

        Optional<Route> route = longestMatch(rules.routes(), Route::network, ip);
        trace.step("DCS server", route.map(r -> r.serverId() + " (route " + r.network() + ", the longest of "
                + rules.routes().stream().filter(x -> x.network().contains(ip)).count() + " matching)").orElse("none covers it"));
        if (route.isEmpty()) return new Decision.Skip(s, Decision.SkipReason.NO_ROUTE, "no DCS server entry covers " + IpLiteral.format(ip));
        String target = rules.useHostnameInRequest() && !s.name().isEmpty() ? s.name() : IpLiteral.format(ip);
        trace.step("request names", target + (target.equals(IpLiteral.format(ip)) ? " (the IP)" : " (host name: use_hostname_in_dcs_req)"));
        return new Decision.Clean(s, ip, route.get(), target);
    }

    /** The route a host would take, for {@code explain}. */
    public Optional<Route> routeFor(InetAddress ip) {
        return longestMatch(rules.routes(), Route::network, ip);
    }

    static Optional<String> notAHost(InetAddress ip) {
        if (ip.isAnyLocalAddress()) return Optional.of("unspecified address");
        if (ip.isLoopbackAddress()) return Optional.of("loopback address");
        if (ip.isMulticastAddress()) return Optional.of("multicast address");
        if (ip.equals(LIMITED_BROADCAST)) return Optional.of("broadcast address");
        return Optional.empty();
    }

    /** Network and broadcast addresses of the IPv4 network holding the host (not for /31 and /32, which have none). */
    static Optional<String> networkEdge(InetAddress ip, Cidr net) {
        if (!(ip instanceof Inet4Address) || net.prefix() > 30) return Optional.empty();
        if (ip.equals(net.network())) return Optional.of("network address of " + net);
        if (ip.equals(net.lastAddress())) return Optional.of("broadcast address of " + net);
        return Optional.empty();
    }

    private static <T> Optional<T> longestMatch(List<T> items, Function<T, Cidr> cidr, InetAddress ip) {
        return items.stream()
                .filter(i -> cidr.apply(i).contains(ip))
                .max(Comparator.comparingInt(i -> cidr.apply(i).prefix()));
    }
}
