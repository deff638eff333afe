package io.marsdcs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.net.Cidr;
import io.marsdcs.net.IpLiteral;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The guide's rules, one row each, in their order of precedence. */
class CleanupPolicyTest {
    static final Instant NOW = Instant.parse("2007-04-05T23:55:00Z");

    static final PolicyRules RULES = new PolicyRules(
            List.of(net("172.16.100.1"), net("172.16.100.2"), net("10.30.9.0/24")),
            List.of(net("10.30.0.0/16"), net("172.16.100.0/24"), net("192.168.0.0/24"), net("10.0.0.0/8"), net("10.99.0.4/31")),
            List.of(new Route(net("10.30.0.0/16"), "dcs-a"), new Route(net("10.30.5.0/24"), "dcs-b"),
                    new Route(net("0.0.0.0/0"), "dcs-default")),
            Duration.ofMinutes(60), false);

    static Cidr net(String s) {
        return Cidr.parse(s).orElseThrow();
    }

    static Suspect suspect(String ip, String name) {
        return new Suspect(IpLiteral.parse(ip), name, "13725095", "rule", "2007-04-05T16:54:58-07:00");
    }

    static String verdict(Decision d) {
        if (d instanceof Decision.Clean c) return "clean " + c.route().serverId() + " " + c.target();
        if (d instanceof Decision.Skip s) return "skip " + s.reason();
        if (d instanceof Decision.ManualCleanNeeded) return "manual";
        return "covered";
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            // host           | name    | expected verdict                    | why
            "172.16.100.1     |         | skip EXCEPTION                      | exception list first, though internal",
            "10.30.9.40       |         | skip EXCEPTION                      | exception given as a network",
            "10.30.1.5        |         | clean dcs-a 10.30.1.5               | internal, routed by /16",
            "10.30.5.7        |         | clean dcs-b 10.30.5.7               | longest prefix wins",
            "172.16.100.20    |         | clean dcs-default 172.16.100.20     | mandatory default route",
            "192.168.1.5      |         | skip NOT_INTERNAL                   | outside every internal network",
            "8.8.8.8          |         | skip NOT_INTERNAL                   | public address",
            "0.0.0.0          |         | skip INVALID_ADDRESS                | unspecified",
            "127.0.0.1        |         | skip INVALID_ADDRESS                | loopback",
            "224.0.0.5        |         | skip INVALID_ADDRESS                | multicast",
            "255.255.255.255  |         | skip INVALID_ADDRESS                | limited broadcast",
            "10.30.255.255    |         | skip INVALID_ADDRESS                | broadcast of 10.30.0.0/16 (the longest internal match)",
            "10.30.0.0        |         | skip INVALID_ADDRESS                | network address of 10.30.0.0/16",
            "192.168.0.255    |         | skip INVALID_ADDRESS                | broadcast of 192.168.0.0/24",
            "10.255.255.255   |         | skip INVALID_ADDRESS                | broadcast of 10.0.0.0/8",
            "10.31.255.255    |         | clean dcs-default 10.31.255.255     | an ordinary host inside 10.0.0.0/8",
            "10.99.0.4        |         | clean dcs-default 10.99.0.4         | a /31 has no network or broadcast address",
            "                 | WKS-042 | skip NO_ADDRESS                     | a name that did not resolve",
            "10.30.1.5        | WKS-015 | clean dcs-a 10.30.1.5               | use_hostname_in_dcs_req off: the IP is sent",
    })
    void each_rule(String ip, String name, String expected, String why) {
        Suspect s = suspect(ip == null ? "" : ip, name == null ? "" : name);
        Decision d = new CleanupPolicy(RULES).decideOne(s, h -> HostHistory.NONE, NOW);
        assertThat(verdict(d)).as(why).isEqualTo(expected);
    }

    @Test
    void the_host_name_is_sent_when_use_hostname_in_dcs_req_is_on() {
        PolicyRules byName = new PolicyRules(RULES.exceptions(), RULES.internalNetworks(), RULES.routes(), RULES.minDamageFreeTime(), true);
        assertThat(verdict(new CleanupPolicy(byName).decideOne(suspect("10.30.1.5", "WKS-015"), h -> HostHistory.NONE, NOW)))
                .isEqualTo("clean dcs-a WKS-015");
        assertThat(verdict(new CleanupPolicy(byName).decideOne(suspect("10.30.1.5", ""), h -> HostHistory.NONE, NOW)))
                .as("no name from MARS: the IP").isEqualTo("clean dcs-a 10.30.1.5");
    }

    @Test
    void a_host_found_clean_inside_the_window_needs_a_manual_cleanup() {
        Instant cleaned = NOW.minus(Duration.ofMinutes(59));
        HostHistory h = new HostHistory(Optional.of(cleaned), Optional.empty(), Optional.empty());
        Decision d = new CleanupPolicy(RULES).decideOne(suspect("10.30.1.5", ""), x -> h, NOW);
        assertThat(d).isInstanceOf(Decision.ManualCleanNeeded.class);
        assertThat(((Decision.ManualCleanNeeded) d).until()).isEqualTo(cleaned.plus(Duration.ofMinutes(60)));
    }

    @Test
    void after_the_window_the_host_is_cleaned_again() {
        HostHistory h = new HostHistory(Optional.of(NOW.minus(Duration.ofMinutes(60))), Optional.empty(), Optional.empty());
        assertThat(verdict(new CleanupPolicy(RULES).decideOne(suspect("10.30.1.5", ""), x -> h, NOW))).isEqualTo("clean dcs-a 10.30.1.5");
    }

    @Test
    void one_manual_cleanup_notice_per_window() {
        Instant cleaned = NOW.minus(Duration.ofMinutes(30));
        HostHistory noticed = new HostHistory(Optional.of(cleaned), Optional.of(cleaned.plusSeconds(60)), Optional.empty());
        assertThat(new CleanupPolicy(RULES).decideOne(suspect("10.30.1.5", ""), x -> noticed, NOW)).isInstanceOf(Decision.Covered.class);
        HostHistory noticedInOlderWindow = new HostHistory(Optional.of(cleaned), Optional.of(cleaned.minusSeconds(7200)), Optional.empty());
        assertThat(new CleanupPolicy(RULES).decideOne(suspect("10.30.1.5", ""), x -> noticedInOlderWindow, NOW))
                .isInstanceOf(Decision.ManualCleanNeeded.class);
    }

    @Test
    void a_cleanup_in_flight_is_not_requested_twice_and_wins_over_the_window() {
        HostHistory h = new HostHistory(Optional.of(NOW.minusSeconds(60)), Optional.empty(), Optional.of("13725095-1"));
        Decision d = new CleanupPolicy(RULES).decideOne(suspect("10.30.1.5", ""), x -> h, NOW);
        assertThat(d).isInstanceOf(Decision.Covered.class);
        assertThat(((Decision.Covered) d).by()).contains("13725095-1");
    }

    @Test
    void exceptions_outrank_history_and_validity() {
        HostHistory inFlight = new HostHistory(Optional.empty(), Optional.empty(), Optional.of("x-1"));
        assertThat(verdict(new CleanupPolicy(RULES).decideOne(suspect("172.16.100.2", ""), h -> inFlight, NOW))).isEqualTo("skip EXCEPTION");
    }

    @Test
    void a_host_named_twice_in_one_notification_is_decided_once() {
        Map<String, HostHistory> none = Map.of();
        Function<InetAddress, HostHistory> history = a -> none.getOrDefault(a.getHostAddress(), HostHistory.NONE);
        List<Decision> ds = new CleanupPolicy(RULES).decide(List.of(
                suspect("10.30.1.5", ""), suspect("10.30.1.6", ""), suspect("10.30.1.5", ""),
                suspect("", "WKS-9"), suspect("", "wks-9")), history, NOW);
        assertThat(ds).extracting(CleanupPolicyTest::verdict).containsExactly(
                "clean dcs-a 10.30.1.5", "clean dcs-a 10.30.1.6", "covered", "skip NO_ADDRESS", "covered");
    }

    @Test
    void an_ipv6_host_without_a_v6_route_has_no_dcs_server() {
        PolicyRules v6 = new PolicyRules(List.of(), List.of(net("2001:db8::/32")), RULES.routes(), Duration.ofMinutes(60), false);
        assertThat(verdict(new CleanupPolicy(v6).decideOne(suspect("2001:db8::5", ""), h -> HostHistory.NONE, NOW))).isEqualTo("skip NO_ROUTE");
    }
}
