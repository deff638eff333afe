package io.marsdcs.dcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The callback listener's parser faces the network: mutated results must parse or be refused, never throw. */
class ResultFuzzTest {
    static final String RESULT = "<CleanupResult version=\"1.0\" registrationId=\"7F3A2C10\" requestId=\"13725095-1\">"
            + "<Target ip=\"10.10.0.21\" host=\"WKS-021\"/><Status code=\"0\">CLEANUP_SUCCESS</Status>"
            + "<Time>2007-04-05T16:57:18-07:00</Time><Threats><Threat name=\"WORM_SASSER.B\" action=\"cleaned\"/></Threats></CleanupResult>";
    static final String FORM = "requestId=13725095-1&ip=10.10.0.21&code=0&time=2007-04-05T16%3A57%3A18-07%3A00";

    @Test
    void mutated_results_parse_or_are_refused() {
        Random seeds = new Random(4242L);
        int ok = 0;
        for (int i = 0; i < 3000; i++) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            boolean form = r.nextInt(4) == 0;
            byte[] input = io.marsdcs.mars.FuzzTest.mutate((form ? FORM : RESULT).getBytes(StandardCharsets.UTF_8), r);
            try {
                CleanupResult result = form ? DcsXml.parseCleanupResultForm(new String(input, StandardCharsets.UTF_8)) : DcsXml.parseCleanupResult(input);
                assertThat(result.requestId()).isNotBlank();
                ok++;
            } catch (ProtocolException refused) {
                assertThat(refused.getMessage()).as("seed %d", seed).isNotBlank();
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + " (seed " + seed + ") threw " + e + " on " + new String(input, StandardCharsets.UTF_8), e);
            }
        }
        assertThat(ok).isGreaterThan(30);
    }
}
