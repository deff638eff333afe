package io.marsdcs.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.testing.MarsParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SyslogFormatterTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    final SyslogFormatter f = new SyslogFormatter("dcs-plugin", "DamageCleanupServices", LA);

    @Test
    void the_guides_sample_line_exactly() {
        // guide 5.1.2, step 21: DCS_Cleanup_Success ... Event time="2007-04-05T16:57:18-0800" ... is its sample;
        // April 5th 2007 was already daylight saving time in Los Angeles, so the true offset is -0700 (the 1.0.3 fix).
        MarsReport r = new MarsReport(MarsEvent.DCS_Cleanup_Success, "10.10.0.21", Instant.parse("2007-04-05T23:57:18Z"), Map.of());
        assertThat(f.line(r, Instant.parse("2007-04-05T23:57:19Z"))).isEqualTo(
                "<14>Apr  5 16:57:19 dcs-plugin DCS_Cleanup_Success Security product = \"DamageCleanupServices\" "
                        + "Event time=\"2007-04-05T16:57:18-0700\" Infection destination IP=\"10.10.0.21\"");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MarsEvent.class)
    void every_event_parses_with_the_guides_mars_patterns(MarsEvent event) {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("Incident", "13725095");
        extras.put("Threat", "WORM_SASSER.B");
        String line = f.line(new MarsReport(event, "10.10.0.21", Instant.parse("2007-04-05T23:57:18Z"), extras), Instant.now());
        MarsParser.Parsed p = MarsParser.parse(line).orElseThrow(() -> new AssertionError("MARS cannot parse: " + line));
        assertThat(p.event()).isEqualTo(event);
        assertThat(p.receivedTime()).isEqualTo("2007-04-05T16:57:18-0700");
        assertThat(p.destinationAddress()).isEqualTo("10.10.0.21");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-03-08T09:59:59Z, 2026-03-08T01:59:59-0800",   // the second before spring-forward
            "2026-03-08T10:00:00Z, 2026-03-08T03:00:00-0700",   // the second after
            "2026-11-01T08:59:59Z, 2026-11-01T01:59:59-0700",   // before fall-back
            "2026-11-01T09:00:00Z, 2026-11-01T01:00:00-0800",   // after: the same wall clock, the other offset
    })
    void event_time_carries_the_true_offset_on_that_date(String utc, String expected) {
        String line = f.line(new MarsReport(MarsEvent.DCS_No_Infection_Found, "10.1.1.1", Instant.parse(utc), Map.of()), Instant.parse(utc));
        assertThat(MarsParser.parse(line).orElseThrow().receivedTime()).isEqualTo(expected);
    }

    @Test
    void header_day_is_space_padded() {
        String line = f.line(new MarsReport(MarsEvent.DCS_Cleanup_Fail, "10.1.1.1", Instant.parse("2026-12-03T17:00:00Z"), Map.of()),
                Instant.parse("2026-12-03T17:00:00Z"));
        assertThat(line).startsWith("<11>Dec  3 09:00:00 dcs-plugin DCS_Cleanup_Fail ");
    }

    @Test
    void values_cannot_add_fields_or_lines() {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("Threat", "X\" Infection destination IP=\"6.6.6.6\r\n<13>Jan  1 00:00:00 evil DCS_Cleanup_Success");
        extras.put("Bad Key=\"", "v");
        String line = f.line(new MarsReport(MarsEvent.DCS_Cleanup_Fail, "10.1.1.1", Instant.EPOCH, extras), Instant.EPOCH);
        assertThat(line).doesNotContain("\r").doesNotContain("\n");
        assertThat(line.split("Infection destination IP=\"", -1)).hasSize(2);
        assertThat(MarsParser.parse(line).orElseThrow().destinationAddress()).isEqualTo("10.1.1.1");
        assertThat(line).contains(" Bad_Key__=\"v\"");
    }

    @Test
    void datagrams_stay_within_1024_bytes_and_keep_the_fixed_fields() {
        Map<String, String> extras = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) extras.put("K" + i, "é".repeat(150));
        byte[] d = f.format(new MarsReport(MarsEvent.DCS_Cleanup_Success, "10.1.1.1", Instant.EPOCH, extras), Instant.EPOCH);
        assertThat(d.length).isLessThanOrEqualTo(1024);
        assertThat(MarsParser.parse(new String(d, StandardCharsets.UTF_8))).isPresent();
    }
}
