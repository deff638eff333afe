package io.marsdcs.mars;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.app.DecisionReport;
import io.marsdcs.dispatch.Suspects;
import io.marsdcs.net.Cidr;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.policy.CleanupPolicy;
import io.marsdcs.policy.Decision;
import io.marsdcs.policy.HostHistory;
import io.marsdcs.policy.PolicyRules;
import io.marsdcs.policy.Route;
import io.marsdcs.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each sample mail in, its parse and its decisions out, compared with a reviewed golden file in
 * src/test/resources/golden. Run with -Dgolden.update=true to rewrite them, then review the diff.
 */
class GoldenSamplesTest {
    static final PolicyRules RULES = new PolicyRules(
            List.of(Cidr.parse("10.10.0.99").orElseThrow()),
            List.of(Cidr.parse("10.10.0.0/16").orElseThrow()),
            List.of(new Route(Cidr.parse("10.10.0.0/16").orElseThrow(), "10.10.1.11:80"),
                    new Route(Cidr.parse("0.0.0.0/0").orElseThrow(), "172.16.100.253:80")),
            Duration.ofMinutes(60), false);
    /** The test's DNS: WKS-042's names resolve, nothing else does. */
    static final Map<String, String> DNS = Map.of("wks-042.corp.example.com", "10.10.0.42", "WKS-042", "10.10.0.42");

    @ParameterizedTest
    @ValueSource(strings = {"incident-13725095.eml", "incident-13725311-gzip.eml", "not-mars.eml"})
    void sample(String name) throws IOException {
        String actual = render(new MarsMailParser().parse(Samples.sample(name)));
        Path golden = Path.of("src/test/resources/golden", name.replace(".eml", ".txt"));
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, actual, StandardCharsets.UTF_8);
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    static String render(ParseOutcome outcome) {
        StringBuilder sb = new StringBuilder(DecisionReport.outcome(outcome));
        if (!(outcome instanceof ParseOutcome.Parsed p)) return sb.toString();
        List<Decision> ds = new CleanupPolicy(RULES).decide(
                Suspects.of(p.notification(), name -> Optional.ofNullable(DNS.get(name)).flatMap(IpLiteral::parse)),
                ip -> HostHistory.NONE, Instant.parse("2007-04-06T00:05:00Z"));
        sb.append("decisions\n");
        for (Decision d : ds) {
            sb.append("  ").append(d.suspect().incidentId()).append(' ').append(d.suspect().label()).append(": ")
                    .append(DecisionReport.decision(d)).append('\n');
        }
        return sb.toString();
    }
}
