package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.testing.RunningJar;
import io.marsdcs.testing.Samples;
import io.marsdcs.testing.SmtpSession;
import io.marsdcs.testing.TestRig;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as an administrator runs it: `java -jar target/marsdcs.jar COMMAND`. */
class CommandLineIT {

    @TempDir
    Path dir;

    Path config(TestRig rig) throws Exception {
        Path file = dir.resolve("marsdcs.yaml");
        Files.writeString(file, rig.yaml());
        return file;
    }

    @Test
    void run_serves_then_stops_cleanly_on_sigterm() throws Exception {
        try (TestRig rig = new TestRig(dir, ""); DcsSimulator sim = rig.startDcs()) {
            try (RunningJar run = new RunningJar("run", "--config", config(rig).toString())) {
                int port = run.smtpPort();
                assertThat(SmtpSession.send(port, "dcs@testzone.local", Samples.sample("incident-13725095.eml"))).startsWith("250");
                await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() == 1);
                run.terminate();
                assertThat(run.waitFor()).isEqualTo(143);
                assertThat(run.output).anyMatch(l -> l.contains("marsdcs stopping"));
            }
        }
    }

    @Test
    void run_stops_when_quit_is_typed() throws Exception {
        try (TestRig rig = new TestRig(dir, ""); DcsSimulator sim = rig.startDcs();
             RunningJar run = new RunningJar("run", "--config", config(rig).toString())) {
            run.smtpPort();
            OutputStream console = run.process.getOutputStream();
            console.write("hello\nquit\n".getBytes(StandardCharsets.UTF_8));
            console.flush();
            assertThat(run.waitFor()).isEqualTo(0);
            assertThat(run.output).anyMatch(l -> l.contains("type 'quit' to stop"));
        }
    }

    @Test
    void a_taken_callback_port_stops_the_start_with_its_name() throws Exception {
        try (TestRig rig = new TestRig(dir, ""); java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            Path file = dir.resolve("taken.yaml");
            Files.writeString(file, rig.yaml().replace("  listen: 127.0.0.1:0\n  servers:", "  listen: 0.0.0.0:" + taken.getLocalPort() + "\n  servers:"));
            try (RunningJar run = new RunningJar("run", "--config", file.toString())) {
                assertThat(run.waitFor()).isEqualTo(3);
                assertThat(String.join("\n", run.output)).contains("cannot listen for DCS results on").contains(":" + taken.getLocalPort());
            }
        }
    }

    @Test
    void check_config_exit_codes() throws Exception {
        try (RunningJar ok = new RunningJar("check-config", "--config", "config/marsdcs.yaml")) {
            assertThat(ok.waitFor()).isEqualTo(0);
            assertThat(ok.output).anyMatch(l -> l.contains("valid"));
        }
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "cleanup:\n  min_damage_free_time: 60\n");
        try (RunningJar fails = new RunningJar("check-config", "--config", bad.toString())) {
            assertThat(fails.waitFor()).isEqualTo(1);
            assertThat(fails.output).anyMatch(l -> l.contains("bad.yaml:2: cleanup.min_damage_free_time: a bare number has no unit"));
        }
        try (RunningJar usage = new RunningJar("check-config")) {
            assertThat(usage.waitFor()).isEqualTo(2);
        }
    }

    @Test
    void unregister_all_removes_the_registration_from_the_dcs_server() throws Exception {
        try (TestRig rig = new TestRig(dir, ""); DcsSimulator sim = rig.startDcs()) {
            Path cfg = config(rig);
            try (RunningJar run = new RunningJar("run", "--config", cfg.toString())) {
                run.smtpPort();
                await().atMost(Duration.ofSeconds(10)).until(() -> sim.registrationIds().size() == 1);
                run.terminate();
                run.waitFor();
            }
            try (RunningJar un = new RunningJar("unregister", "--config", cfg.toString(), "all")) {
                assertThat(un.waitFor()).isEqualTo(0);
                assertThat(un.output).anyMatch(l -> l.contains("unregistered"));
            }
            assertThat(sim.registrationIds()).isEmpty();
            try (RunningJar unknown = new RunningJar("unregister", "--config", cfg.toString(), "10.9.9.9")) {
                assertThat(unknown.waitFor()).isEqualTo(1);
            }
        }
    }

    @Test
    void dcs_sim_speaks_the_protocol_with_scripted_outcomes() throws Exception {
        int port = TestRig.freePort();
        try (RunningJar sim = new RunningJar("dcs-sim", "--listen", "127.0.0.1:" + port, "--outcome", "10.10.0.88=LOGIN_FAILURE",
                "--delay", "100ms")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.output.stream().anyMatch(l -> l.contains("listening on")));
            io.marsdcs.config.AppConfig.DcsServer server = new io.marsdcs.config.AppConfig.DcsServer("127.0.0.1:" + port, "127.0.0.1", port,
                    "/dcs/mars/register", "/dcs/mars/unregister", "/dcs/mars/cleanup", io.marsdcs.config.AppConfig.Mode.ENFORCE, 20, 0, "http://{host}:{port}/");
            io.marsdcs.dcs.DcsClient client = new io.marsdcs.dcs.DcsClient(Duration.ofSeconds(5), "test");
            try (io.marsdcs.dcs.CallbackServer results = io.marsdcs.dcs.CallbackServer.start(
                    new java.net.InetSocketAddress("127.0.0.1", 0), a -> true, (r, f) -> {
                        sim.output.add("RESULT " + r.requestId() + " " + r.status());
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    })) {
                io.marsdcs.dcs.Delivery reg = client.register(server, "127.0.0.1", results.port(), "/dcs-result");
                String id = ((io.marsdcs.dcs.Delivery.Accepted) reg).registrationId();
                client.cleanup(server, id, new io.marsdcs.dcs.CleanupOrder("7-1", "10.10.0.88", false, "7", "r", "t"));
                client.cleanup(server, id, new io.marsdcs.dcs.CleanupOrder("7-2", "10.10.0.89", false, "7", "r", "t"));
                await().atMost(Duration.ofSeconds(10)).until(() -> sim.output.stream().filter(l -> l.startsWith("RESULT")).count() == 2);
                assertThat(sim.output).contains("RESULT 7-1 LOGIN_FAILURE", "RESULT 7-2 CLEANUP_SUCCESS");
            }
        }
        try (RunningJar bad = new RunningJar("dcs-sim", "--listen", "nowhere")) {
            assertThat(bad.waitFor()).isEqualTo(2);
            assertThat(bad.output).anyMatch(l -> l.contains("must be ADDRESS:PORT"));
        }
    }

    @Test
    void sighup_reloads_a_good_file_and_refuses_a_bad_one() throws Exception {
        try (TestRig rig = new TestRig(dir, ""); DcsSimulator sim = rig.startDcs()) {
            Path cfg = config(rig);
            try (RunningJar run = new RunningJar("run", "--config", cfg.toString())) {
                int port = run.smtpPort();
                Files.writeString(cfg, rig.yaml().replace("exceptions: [10.10.0.99]", "exceptions: [10.10.0.99, 10.10.0.21]"));
                run.hangup();
                await().atMost(Duration.ofSeconds(10)).until(() -> run.output.stream().anyMatch(l -> l.contains("new configuration in force")));
                SmtpSession.send(port, "dcs@testzone.local", Samples.sample("incident-13725095.eml"));
                await().atMost(Duration.ofSeconds(10)).until(() -> run.output.stream().anyMatch(l -> l.contains("verdict=skip_exception")));

                Files.writeString(cfg, "cleanup:\n  min_damage_free_time: 60\n");
                run.hangup();
                await().atMost(Duration.ofSeconds(10)).until(() -> run.output.stream().anyMatch(l -> l.contains("reload refused")));
                assertThat(run.output).anyMatch(l -> l.contains("cleanup.min_damage_free_time: a bare number has no unit"));
                assertThat(SmtpSession.send(port, "dcs@testzone.local", Samples.sample("incident-13725311-gzip.eml"))).startsWith("250");
                // a separate process resolves with the real DNS, where the sample's WKS-042 names do not exist
                await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() == 2);
                assertThat(sim.received()).extracting(r -> r.order().target()).containsExactlyInAnyOrder("10.10.0.37", "10.10.0.88");
                run.terminate();
                assertThat(run.waitFor()).isEqualTo(143);
            }
        }
    }

    @Test
    void under_systemd_each_log_line_carries_its_journal_priority() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            Path cfg = config(rig);   // no DCS server: registration fails, which logs a warning
            try (RunningJar journal = new RunningJar(java.util.Map.of("JOURNAL_STREAM", "8:12345"), "run", "--config", cfg.toString())) {
                journal.smtpPort();
                await().atMost(Duration.ofSeconds(10)).until(() -> journal.output.stream().anyMatch(l -> l.startsWith("<4>")));
                assertThat(journal.output).anyMatch(l -> l.startsWith("<6>") && l.contains("ready: mail on"))
                        .anyMatch(l -> l.startsWith("<4>") && l.contains("cannot register with DCS server"));
                journal.terminate();
                journal.waitFor();
            }
            try (RunningJar terminal = new RunningJar("run", "--config", cfg.toString())) {
                terminal.smtpPort();
                assertThat(terminal.output).filteredOn(l -> l.contains("ready: mail on")).allMatch(l -> !l.startsWith("<"));
                terminal.terminate();
                terminal.waitFor();
            }
        }
    }

    @Test
    void under_systemd_it_notifies_ready_reloading_stopping_and_pings_the_watchdog() throws Exception {
        try (TestRig rig = new TestRig(dir, ""); DcsSimulator sim = rig.startDcs();
             io.marsdcs.testing.FakeSystemd systemd = new io.marsdcs.testing.FakeSystemd(dir.resolve("notify.sock"))) {
            Path cfg = config(rig);
            try (RunningJar run = new RunningJar(java.util.Map.of("NOTIFY_SOCKET", systemd.socket.toString(), "WATCHDOG_USEC", "1000000"),
                    "run", "--config", cfg.toString())) {
                run.smtpPort();
                await().atMost(Duration.ofSeconds(10)).until(() -> systemd.messages().contains("READY=1\nSTATUS=serving"));
                await().atMost(Duration.ofSeconds(10)).until(() -> systemd.messages().stream().filter("WATCHDOG=1"::equals).count() >= 3);
                run.hangup();
                await().atMost(Duration.ofSeconds(10)).until(() -> systemd.messages().contains("RELOADING=1") && systemd.messages().contains("READY=1"));
                run.terminate();
                assertThat(run.waitFor()).isEqualTo(143);
                await().atMost(Duration.ofSeconds(5)).until(() -> systemd.messages().contains("STOPPING=1"));
                List<String> order = systemd.messages().stream().filter(m -> !m.equals("WATCHDOG=1")).toList();
                assertThat(order).containsExactly("READY=1\nSTATUS=serving", "RELOADING=1", "READY=1", "STOPPING=1");
                assertThat(systemd.messages().get(systemd.messages().size() - 1)).as("no ping after STOPPING").isEqualTo("STOPPING=1");
            }
        }
    }
}
