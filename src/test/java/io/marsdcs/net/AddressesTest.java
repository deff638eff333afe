package io.marsdcs.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.10.0.21, 10.10.0.21",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "'  10.1.2.3 ', 10.1.2.3",
            "2001:db8::1, 2001:db8:0:0:0:0:0:1",
            "'[::1]', 0:0:0:0:0:0:0:1",
            "WKS-042, ''",
            "wks-042.corp.example.com, ''",
            "10.1.2, ''",
            "10.1.2.3.4, ''",
            "256.1.1.1, ''",
            "010.1.1.1, ''",
            "1e.2.3.4, ''",
            "fe80::1%eth0, ''",
            "'', ''",
    })
    void literals_parse_without_dns(String text, String expected) {
        assertThat(IpLiteral.parse(text).map(a -> a.getHostAddress()).orElse("")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.30.0.0/16, 10.30.255.255, true, 10.30.255.255",
            "10.30.0.0/16, 10.31.0.1, false, 10.30.255.255",
            "0.0.0.0/0, 203.0.113.9, true, 255.255.255.255",
            "192.168.0.0/24, 192.168.0.77, true, 192.168.0.255",
            "172.16.100.1, 172.16.100.1, true, 172.16.100.1",
            "172.16.100.1/32, 172.16.100.2, false, 172.16.100.1",
            "10.0.0.0/8, 2001:db8::1, false, 10.255.255.255",
    })
    void networks_contain_their_hosts(String cidr, String host, boolean contains, String last) {
        Cidr c = Cidr.parse(cidr).orElseThrow();
        assertThat(c.contains(IpLiteral.parse(host).orElseThrow())).isEqualTo(contains);
        assertThat(c.lastAddress().getHostAddress()).isEqualTo(last);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10.30.0.1/16", "10.30.0.0/33", "10.30.0.0/", "10.30.0.0/a", "host/16"})
    void malformed_networks_are_refused(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> /{1}")
    @CsvSource({"255.255.0.0, 16", "0.0.0.0, 0", "255.255.255.255, 32", "255.255.255.128, 25",
            "255.0.255.0, -1", "0.255.255.255, -1", "255.255.0.1, -1", "garbage, -1"})
    void only_contiguous_masks_have_a_prefix(String mask, int prefix) {
        assertThat(Cidr.prefixOfMask(mask).orElse(-1)).isEqualTo(prefix);
    }
}
