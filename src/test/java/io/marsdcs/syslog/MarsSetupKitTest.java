package io.marsdcs.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.testing.MarsParser;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The kit prints the templates the appliance's lines are made for: one source, checked both ways. */
class MarsSetupKitTest {
    final String kit = MarsSetupKit.text("DamageCleanupServices", "172.16.100.253", 25);

    @Test
    void every_template_of_the_guide_is_in_the_kit_with_its_patterns() {
        for (MarsEvent e : MarsEvent.values()) {
            assertThat(kit).contains("Log ID: " + e.logId())
                    .contains("Mapped to event type: " + e.eventType())
                    .contains("Key Pattern   " + e.timeKeyPattern());
        }
        assertThat(kit).contains("Log ID: TM_DCS_CLEAN_SUCCESS", "Log ID: TM_DCS_CLEAN_FAIL", "Log ID: TM_DCS_LOGIN_FAILURE",
                "Log ID: TM_DCS_NO_INFECTION_FOUND", "Log ID: TM_DCS_SCAN_REQUEST_ON_CLEANED_HOST");
        // the guide's own text, exactly (section 5.1.2)
        assertThat(kit).contains("DCS_MANUAL_CLEAN_NEEDED .* Event time=\"").contains(".* Infection destination IP=\"")
                .contains("\\d{4}-\\d{1,2}-\\d{1,2}T\\d{1,2}:\\d{1,2}:\\d{1,2}[+-]\\d{4}").contains("(\\d{1,3}\\.){3}\\d{1,3}");
        assertThat(kit).contains("Mail Gateway: 172.16.100.253 : 25")
                .contains("Trend Micro Rule: Damage Cleanup Services - Repetitive Cleanup Request");
    }

    @Test
    void each_sample_line_in_the_kit_parses_with_the_patterns_the_kit_prints() {
        Matcher m = Pattern.compile("Test with:  (.*)").matcher(kit);
        List<String> samples = m.results().map(r -> r.group(1)).toList();
        assertThat(samples).hasSize(MarsEvent.values().length);
        for (String body : samples) {
            // MARS sees the body only; put a header back on to use the same parser as the syslog tests
            MarsParser.Parsed p = MarsParser.parse("<14>Apr  5 16:57:18 marsdcs " + body).orElseThrow(() -> new AssertionError(body));
            assertThat(body).startsWith(p.event().name() + " Security product = \"DamageCleanupServices\"");
            assertThat(p.destinationAddress()).isEqualTo("10.10.0.21");
        }
    }
}
