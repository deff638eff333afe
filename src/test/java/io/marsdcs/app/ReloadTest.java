package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marsdcs.config.ConfigLoader;
import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.syslog.MarsEvent;
import io.marsdcs.testing.TestRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload over a running appliance, as SIGHUP or `systemctl reload` triggers it. */
class ReloadTest {
    @TempDir
    Path dir;

    static List<String> verdicts(Appliance a) {
        return a.store().read(tx -> tx.decisionVerdicts());
    }

    @Test
    void a_good_file_is_applied_and_a_bad_one_refused_while_the_old_keeps_serving() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            DcsSimulator sim = rig.startDcs();
            Appliance a = rig.start();
            Path file = dir.resolve("marsdcs.yaml");   // TestRig wrote it there

            Files.writeString(file, rig.yaml().replace("exceptions: [10.10.0.99]", "exceptions: [10.10.0.99, 10.10.0.21]"));
            a.reload(ConfigLoader.load(file).config()).get(10, TimeUnit.SECONDS);
            rig.send("incident-13725095.eml");
            await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(a).contains("skip_exception"));

            Files.writeString(file, rig.yaml().replace("min_damage_free_time: 60m", "min_damage_free_time: 60"));
            RunCommand.reload(file, a);   // logs the errors, changes nothing
            rig.resend("incident-13725095.eml", 1);
            rig.send("incident-13725311-gzip.eml");
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() == 3);
            assertThat(verdicts(a)).filteredOn("skip_exception"::equals).as("the reloaded exception still holds").hasSize(2);
            assertThat(rig.dcsTargets()).containsExactlyInAnyOrder("10.10.0.37", "10.10.0.42", "10.10.0.88");
            assertThat(sim.received()).noneMatch(r -> r.order().target().equals("10.10.0.21"));
        }
    }

    @Test
    void a_changed_result_port_re_registers_with_every_dcs_server_by_itself() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            DcsSimulator sim = rig.startDcs();
            Appliance a = rig.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.callbacks().size() == 1);
            int before = a.callbackPort();
            int after = TestRig.freePort();
            Path file = dir.resolve("marsdcs.yaml");
            Files.writeString(file, rig.yaml().replace("  listen: 127.0.0.1:0\n  servers:", "  listen: 127.0.0.1:" + after + "\n  servers:"));
            a.reload(ConfigLoader.load(file).config()).get(10, TimeUnit.SECONDS);

            assertThat(a.callbackPort()).isEqualTo(after).isNotEqualTo(before);
            assertThat(sim.callbacks().values()).containsExactly("http://127.0.0.1:" + after + "/dcs-result");
            rig.send("incident-13725095.eml");
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() == 1);
            assertThat(rig.marsEvents().get(0).event()).isEqualTo(MarsEvent.DCS_Cleanup_Success);
            try (java.net.Socket s = new java.net.Socket()) {
                assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress("127.0.0.1", before), 1000))
                        .as("the old port is closed").isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Test
    void smtp_settings_apply_to_the_next_session_and_a_new_smtp_port_moves_the_listener() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            Appliance a = rig.start();
            Path file = dir.resolve("marsdcs.yaml");
            Files.writeString(file, rig.yaml().replace("recipients: [dcs@testzone.local]", "recipients: [other@testzone.local]"));
            a.reload(ConfigLoader.load(file).config()).get(10, TimeUnit.SECONDS);
            assertThat(rig.send("incident-13725095.eml")).startsWith("550");

            int port = TestRig.freePort();
            Files.writeString(file, rig.yaml().replace("  listen: 127.0.0.1:0\n  allowed_clients", "  listen: 127.0.0.1:" + port + "\n  allowed_clients"));
            a.reload(ConfigLoader.load(file).config()).get(10, TimeUnit.SECONDS);
            assertThat(a.smtpPort()).isEqualTo(port);
            assertThat(rig.send("incident-13725095.eml")).startsWith("250");
        }
    }

    @Test
    void moving_the_state_is_refused_and_nothing_changes() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            Appliance a = rig.start();
            Path file = dir.resolve("marsdcs.yaml");
            Files.writeString(file, rig.yaml().replace("state_dir: " + rig.stateDir, "state_dir: " + dir.resolve("elsewhere")));
            assertThatThrownBy(() -> a.reload(ConfigLoader.load(file).config())).hasMessageContaining("moving the state needs a restart");
            assertThat(rig.send("incident-13725095.eml")).startsWith("250");
        }
    }
}
