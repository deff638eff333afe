package io.marsdcs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LegacyImportTest {
    static final Path BROKEN = Path.of("src/test/resources/legacy/dcsp_config_broken.xml");

    @TempDir
    Path dir;

    @Test
    void the_guides_example_imports_to_the_golden_yaml_that_check_config_accepts() throws Exception {
        LegacyImport.Result r = LegacyImport.read(Path.of("config/dcsp_config.xml"));
        assertThat(r.problems()).isEmpty();
        Path golden = Path.of("src/test/resources/golden/import-legacy.yaml");
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, r.yaml(), StandardCharsets.UTF_8);
        assertThat(r.yaml()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));

        ConfigLoader.Loaded loaded = ConfigLoader.parse(Path.of("imported.yaml"), r.yaml());
        AppConfig c = loaded.config();
        assertThat(c.dcs().routes()).extracting(rt -> rt.network() + " " + rt.serverId())
                .containsExactly("10.30.0.0/16 10.30.1.11:80", "0.0.0.0/0 172.16.100.253:80");
        assertThat(c.cleanup().exceptions()).hasToString("[172.16.100.1/32, 172.16.100.2/32]");
        assertThat(c.cleanup().internalNetworks()).hasToString("[10.30.0.0/16, 172.16.100.0/24, 192.168.0.0/24]");
        assertThat(c.cleanup().minDamageFreeTime().toMinutes()).isEqualTo(60);
        assertThat(c.dcs().listen().port()).isEqualTo(1080);
        assertThat(c.mars().syslogServer().getHostAddress()).isEqualTo("172.16.100.252");
        assertThat(c.pop3().checkInterval().toSeconds()).isEqualTo(5);
        assertThat(r.yaml()).contains("use_wintail=yes has no equivalent").contains("Run_As_Service=yes has no equivalent");
    }

    @ParameterizedTest(name = "line {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "4  | log_level is empty",
            "7  | ip_net is empty (the plug-in refused empty values since 1.0.3)",
            "8  | ip_mask '255.0.255.0' is not a contiguous netmask",
            "9  | server_port 'eighty' is not a port",
            "13 | Exception_IP 172.16.100.1 is listed twice (also at line 12)",
            "14 | Exception_IP '172.16.100.300' is not an IP address",
            "27 | warning: Network: the old plug-in ignored every Network after the 10th without a word",
            "27 | warning: Network: ip_net 10.11.5.1 has host bits set for mask 255.255.0.0: imported as 10.11.0.0/16",
            "28 | network 10.1.0.0/16 is listed twice (also at line 17)",
            "31 | 'often' is not a number of seconds",
            "7  | no default DCS server (ip_net 0.0.0.0, ip_mask 0.0.0.0)",
    })
    void every_mistake_of_the_old_file_is_reported_at_its_line(int line, String expected) throws Exception {
        List<String> problems = LegacyImport.read(BROKEN).problems().stream().map(ConfigError::toString).toList();
        assertThat(problems).anyMatch(p -> p.startsWith("dcsp_config_broken.xml:" + line + ":") && p.contains(expected));
    }

    @Test
    void broken_entries_are_commented_out_with_their_reason_never_dropped() throws Exception {
        LegacyImport.Result r = LegacyImport.read(BROKEN);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.yaml())
                .contains("# NOTE: not imported (line 8: see the error above): ip_net 10.30.0.0 ip_mask 255.0.255.0")
                .contains("# NOTE: not imported (line 13: Exception_IP 172.16.100.1 is listed twice (also at line 12)): 172.16.100.1")
                .contains("- 10.11.0.0/16")
                .contains("(NOTE: ignored by the old plug-in, past its limit of 10)")
                .contains("# NOTE: add the mandatory default DCS server");
        // what remains fails check-config only for the missing default server, named precisely
        List<String> errors;
        try {
            ConfigLoader.parse(Path.of("imported.yaml"), r.yaml());
            errors = List.of();
        } catch (ConfigException e) {
            errors = e.errors().stream().filter(x -> !x.warning()).map(ConfigError::toString).toList();
        }
        assertThat(errors).singleElement().asString().contains("the default DCS server is mandatory");
    }

    @Test
    void hostile_or_unreadable_xml_is_refused_with_its_line() throws Exception {
        Path doctype = dir.resolve("x.xml");
        Files.writeString(doctype, "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>");
        LegacyImport.Result r = LegacyImport.read(doctype);
        assertThat(r.yaml()).isEmpty();
        assertThat(r.problems()).singleElement().asString().contains("x.xml:2: (xml): not readable XML: a DOCTYPE is not allowed");
        Path garbage = dir.resolve("g.xml");
        Files.writeString(garbage, "<a><b></a>");
        assertThat(LegacyImport.read(garbage).hasErrors()).isTrue();
    }

    @Test
    void odd_values_are_quoted_so_they_read_back_exactly() throws Exception {
        for (String v : List.of("pa\"ss: #word", "yes", "", "a\\b", "-lead", "plain.value")) {
            String yaml = "v: " + LegacyImport.yaml(v) + "\n";
            Object back = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions()))
                    .<java.util.Map<String, Object>>load(yaml).get("v");
            assertThat(String.valueOf(back == null ? "" : back)).as(yaml).isEqualTo(v);
        }
    }
}
