package io.marsdcs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    static final String VALID = """
            dcs:
              servers:
                - network: 10.30.0.0/16
                  server: 10.30.1.11
                - ip_net: 0.0.0.0
                  ip_mask: 0.0.0.0
                  server: 172.16.100.253
            """;

    static ConfigLoader.Loaded parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(Path.of("test.yaml"), yaml);
    }

    static List<String> errors(String yaml) {
        try {
            parse(yaml);
            return List.of();
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
    }

    @Test
    void the_shipped_configurations_are_valid() throws Exception {
        assertThat(ConfigLoader.load(Path.of("config/marsdcs.yaml")).config().dcs().servers()).hasSize(2);
        AppConfig demo = ConfigLoader.load(Path.of("config/demo.yaml")).config();
        assertThat(demo.smtp().listen().port()).isEqualTo(2525);
        assertThat(demo.dcs().servers()).hasSize(1);
        assertThat(demo.dcs().routes()).hasSize(1);
    }

    @Test
    void defaults_follow_the_guide() throws Exception {
        AppConfig c = parse(VALID).config();
        assertThat(c.smtp().listen().port()).isEqualTo(25);
        assertThat(c.dcs().listen().port()).isEqualTo(1080);
        assertThat(c.mars().syslogPort()).isEqualTo(514);
        assertThat(c.product().marsSyslogName()).isEqualTo("DamageCleanupServices");
        assertThat(c.cleanup().minDamageFreeTime()).isEqualTo(Duration.ofMinutes(60));
        assertThat(c.dcs().useHostnameInRequest()).isFalse();
        assertThat(c.dcs().servers().get(0).cleanupPath()).isEqualTo("/dcs/mars/cleanup");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bare number duration | cleanup:\\n  min_damage_free_time: 60 | test.yaml:2: cleanup.min_damage_free_time: a bare number has no unit (minutes in the guide: write 60m)",
            "bad unit             | pop3:\\n  check_interval: 5 seconds | test.yaml:2: pop3.check_interval: '5 seconds' is not a duration",
            "unknown key          | smtp:\\n  recipents: [a@b] | test.yaml:2: smtp.recipents: unknown key; did you mean 'recipients'?",
            "empty value          | mars:\\n  syslog_server: '' | test.yaml:2: mars.syslog_server: empty value",
            "bad address          | mars:\\n  syslog_server: 10.1.1 | test.yaml:2: mars.syslog_server: '10.1.1' is not an IPv4 or IPv6 address",
            "non-contiguous mask  | cleanup:\\n  internal_networks:\\n    - ip_net: 10.0.0.0\\n      ip_mask: 255.0.255.0 | test.yaml:4: cleanup.internal_networks[0].ip_mask: '255.0.255.0' is not a contiguous netmask",
            "host bits set        | cleanup:\\n  exceptions: [10.30.0.1/16] | test.yaml:2: cleanup.exceptions[0]: '10.30.0.1/16' has host bits set; did you mean 10.30.0.0/16?",
            "duplicate exception  | cleanup:\\n  exceptions:\\n    - 172.16.100.1\\n    - 172.16.100.1 | test.yaml:4: cleanup.exceptions[1]: 172.16.100.1/32 is listed twice (also at line 3)",
            "bad level            | logging:\\n  level: verbose | test.yaml:2: logging.level: 'verbose' is not a level",
            "port out of range    | mars:\\n  syslog_port: 70000 | test.yaml:2: mars.syslog_port: '70000' must be a whole number from 1 to 65535",
            "listen without port  | smtp:\\n  listen: 0.0.0.0 | test.yaml:2: smtp.listen: '0.0.0.0' must be ADDRESS:PORT",
            "bad size             | smtp:\\n  max_message_size: 10 | test.yaml:2: smtp.max_message_size: '10' is not a size",
            "key given twice      | state_dir: /a\\nstate_dir: /b | test.yaml:2: state_dir: given twice (first at line 1)",
            "bad zone             | mars:\\n  time_zone: Mars/Olympus | test.yaml:2: mars.time_zone: 'Mars/Olympus' is not a time zone",
            "pop3 without password | pop3:\\n  enabled: true | test.yaml:2: pop3.password: missing: POP3 is enabled, give password or password_file",
            "pop3 two passwords   | pop3:\\n  password: a\\n  password_file: /etc/x | test.yaml:2: pop3.password: give either password or password_file, not both",
    })
    void each_error_names_line_key_and_fix(String what, String extra, String expected) {
        // the snippet comes first, so its line numbers are the file's
        List<String> errs = errors(extra.replace("\\n", "\n") + "\n" + VALID);
        assertThat(errs).as(what).anyMatch(e -> e.startsWith(expected));
    }

    @Test
    void the_default_dcs_server_is_mandatory() {
        assertThat(errors("dcs:\n  servers:\n    - network: 10.30.0.0/16\n      server: 10.30.1.11\n"))
                .anyMatch(e -> e.startsWith("test.yaml:3: dcs.servers: the default DCS server is mandatory"));
    }

    @Test
    void a_network_routed_twice_names_both_lines() {
        assertThat(errors(VALID.replace("network: 10.30.0.0/16\n      server: 10.30.1.11",
                "network: 0.0.0.0/0\n      server: 10.30.1.11")))
                .anyMatch(e -> e.contains("network 0.0.0.0/0 is listed twice (also at line 3)"));
    }

    @Test
    void every_error_is_reported_at_once() {
        List<String> errs = errors("smtp:\n  listen: nowhere\nmars:\n  syslog_port: 0\ncleanup:\n  min_damage_free_time: 60\n");
        assertThat(errs).hasSizeGreaterThanOrEqualTo(4); // the three above plus the missing dcs.servers
    }

    @Test
    void yaml_syntax_errors_have_a_line() {
        assertThatThrownBy(() -> parse("smtp:\n  listen: [\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml:");
    }

    @Test
    void yaml_tags_never_construct_objects() {
        // safe loading: a tag naming a Java class is just an odd scalar to us
        assertThat(errors("state_dir: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n" + VALID))
                .containsExactly("test.yaml:1: (syntax): Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager");
    }

    static List<String> warnings(String yaml) throws ConfigException {
        return parse(yaml).warnings().stream().map(ConfigError::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "exception outside the internal networks | cleanup:\\n  internal_networks: [10.30.0.0/16]\\n  exceptions:\\n    - 192.168.7.1 | test.yaml:4: warning: cleanup.exceptions[0]: 192.168.7.1/32 is outside every internal network",
            "exception wider than a /16              | cleanup:\\n  internal_networks: [10.0.0.0/8]\\n  exceptions: [10.0.0.0/12] | test.yaml:3: warning: cleanup.exceptions[0]: 10.0.0.0/12 exempts 1048576 addresses, more than a /16",
            "empty internal networks                 | cleanup:\\n  internal_networks: [] | warning: cleanup.internal_networks: empty: no host will ever be cleaned",
    })
    void each_warning_names_line_and_key(String what, String snippet, String expected) throws Exception {
        assertThat(warnings(snippet.replace("\\n", "\n") + "\n" + VALID)).as(what).anyMatch(w -> w.contains(expected));
    }

    @Test
    void a_route_shadowed_by_a_shorter_route_to_the_same_server_is_a_warning() throws Exception {
        String yaml = """
                dcs:
                  servers:
                    - network: 10.30.0.0/16
                      server: 10.30.1.11
                    - network: 10.30.5.0/24
                      server: 10.30.1.11
                    - network: 10.30.6.0/24
                      server: 10.30.1.12
                    - network: 0.0.0.0/0
                      server: 172.16.100.253
                cleanup:
                  internal_networks: [10.30.0.0/16]
                """;
        List<String> w = warnings(yaml);
        assertThat(w).containsExactly("test.yaml:5: warning: dcs.servers[1]: route 10.30.5.0/24 -> 10.30.1.11:80 is redundant: "
                + "10.30.0.0/16 already sends these hosts to the same server");
    }

    @Test
    void a_clean_configuration_has_no_warnings() throws Exception {
        assertThat(warnings(VALID + "cleanup:\n  internal_networks: [10.30.0.0/16, 172.16.100.0/24]\n  exceptions: [172.16.100.1]\n")).isEmpty();
        assertThat(ConfigLoader.load(Path.of("config/marsdcs.yaml")).warnings()).isEmpty();
        assertThat(ConfigLoader.load(Path.of("config/demo.yaml")).warnings()).isEmpty();
    }
}
