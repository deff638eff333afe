package io.marsdcs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.app.Appliance;
import io.marsdcs.config.ConfigLoader;
import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.dcs.DcsStatus;
import io.marsdcs.testing.SmtpSession;
import io.marsdcs.testing.Samples;
import io.marsdcs.testing.TestRig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rehearsal: everything runs up to the send, and nothing reaches a DCS server or MARS. */
class ObserveModeTest {
    @TempDir
    Path dir;

    static List<String> verdicts(Appliance a) {
        return a.store().read(tx -> tx.decisionVerdicts());
    }

    @Test
    void observe_mode_decides_and_records_but_sends_nothing() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            Path file = dir.resolve("observe.yaml");
            Files.writeString(file, rig.yaml().replace("cleanup:\n", "cleanup:\n  mode: observe\n"));
            DcsSimulator sim = rig.startDcs();
            try (Appliance a = Appliance.start(ConfigLoader.load(file).config(), TestRig.RESOLVER, Clock.systemUTC())) {
                assertThat(SmtpSession.send(a.smtpPort(), "dcs@testzone.local", Samples.sample("incident-13725311-gzip.eml"))).startsWith("250");
                await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(a).size() == 7);
                assertThat(verdicts(a)).filteredOn(v -> v.startsWith("would_clean")).hasSize(3);
                assertThat(verdicts(a)).noneMatch(v -> v.equals("clean"));
                Map<String, Long> requests = a.store().read(tx -> tx.requestCounts());
                assertThat(requests).isEqualTo(Map.of("observed", 3L));
                assertThat(a.store().read(tx -> tx.hostHistory("10.10.0.37")).inFlightRequestId()).isEmpty();
                Thread.sleep(1500);
            }
            assertThat(sim.received()).isEmpty();
            assertThat(sim.registrationIds()).as("not even registered").isEmpty();
            assertThat(rig.mars.lines()).isEmpty();
        }
    }

    @Test
    void one_server_observed_while_another_enforces() throws Exception {
        try (TestRig rig = new TestRig(dir, "");
             DcsSimulator observed = new DcsSimulator(new InetSocketAddress("127.0.0.1", 0), Map.of(), DcsStatus.CLEANUP_SUCCESS,
                     Duration.ofMillis(100), Duration.ofMillis(300), line -> { })) {
            DcsSimulator enforced = rig.startDcs();
            // 10.10.0.0/16 goes to the enforcing simulator, except 10.10.0.80/28 (10.10.0.88) to the observed one
            String yaml = rig.yaml().replace("    - network: 0.0.0.0/0\n", "    - network: 10.10.0.80/28\n      server: 127.0.0.1\n      port: "
                    + observed.port() + "\n      mode: observe\n    - network: 0.0.0.0/0\n");
            Path file = dir.resolve("mixed.yaml");
            Files.writeString(file, yaml);
            try (Appliance a = Appliance.start(ConfigLoader.load(file).config(), TestRig.RESOLVER, Clock.systemUTC())) {
                SmtpSession.send(a.smtpPort(), "dcs@testzone.local", Samples.sample("incident-13725311-gzip.eml"));
                await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() == 2);
                Thread.sleep(500);
            }
            assertThat(enforced.received()).extracting(r -> r.order().target()).containsExactlyInAnyOrder("10.10.0.37", "10.10.0.42");
            assertThat(observed.received()).isEmpty();
            assertThat(observed.registrationIds()).isEmpty();
        }
    }

    @Test
    void a_server_cannot_be_in_two_modes() {
        String yaml = """
                dcs:
                  servers:
                    - network: 10.1.0.0/16
                      server: 10.9.9.9
                      mode: observe
                    - network: 0.0.0.0/0
                      server: 10.9.9.9
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.parse(Path.of("t.yaml"), yaml))
                .hasMessageContaining("t.yaml:6: dcs.servers[1].mode: server 10.9.9.9:80 is in enforce mode here but observe at line 3");
    }
}
