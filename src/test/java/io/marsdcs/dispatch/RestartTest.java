package io.marsdcs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.store.ReceivedMail;
import io.marsdcs.store.Store;
import io.marsdcs.testing.Samples;
import io.marsdcs.testing.TestRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing accepted is lost across a stop, and nothing is sent twice because of one. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void mail_accepted_but_not_dispatched_is_dispatched_once_after_a_restart() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            // The state a crash right after "250" leaves: mails on disk, nothing decided yet.
            try (Store store = Store.open(rig.stateDir)) {
                for (String s : List.of("incident-13725095.eml", "incident-13725311-gzip.eml")) {
                    ReceivedMail m = new ReceivedMail("smtp", "127.0.0.1", "mars@x", List.of("dcs@testzone.local"), "<" + s + ">", Samples.sample(s));
                    store.write(tx -> tx.insertMessage(m, Instant.now())).join();
                }
            }
            rig.startDcs();
            rig.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() >= 4);
            rig.stop();

            rig.start();   // a second restart finds nothing left to do
            Thread.sleep(1500);
            assertThat(rig.dcsTargets()).containsExactlyInAnyOrder("10.10.0.21", "10.10.0.37", "10.10.0.42", "10.10.0.88");
            assertThat(rig.mars.lines()).hasSize(4);
        }
    }

    @Test
    void requests_decided_while_the_dcs_server_was_down_are_sent_once_when_it_is_back() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.start();   // no DCS server listening: registration fails, requests wait
            assertThat(rig.send("incident-13725095.eml")).startsWith("250");
            assertThat(rig.send("incident-13725311-gzip.eml")).startsWith("250");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    rig.appliance().store().read(tx -> tx.requestCounts()).getOrDefault("pending", 0L) == 4L);
            rig.stop();

            rig.startDcs();
            rig.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.mars.lines().size() >= 4);
            rig.stop();
            rig.start();
            Thread.sleep(1500);
            assertThat(rig.dcsTargets()).containsExactlyInAnyOrder("10.10.0.21", "10.10.0.37", "10.10.0.42", "10.10.0.88");
            assertThat(rig.dcs().received()).noneMatch(r -> r.duplicate());
            assertThat(rig.mars.lines()).hasSize(4);
        }
    }

    @Test
    void a_result_resent_by_the_dcs_server_after_our_restart_is_reported_once() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            rig.start();
            rig.send("incident-13725095.eml");
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.dcs().delivered().size() == 1);
            rig.stop();
            rig.start();
            // the DCS server repeats itself (as real ones do until they see a 2xx): acknowledged, not reported again
            io.marsdcs.dcs.DcsSimulator sim = rig.dcs();
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + rig.appliance().callbackPort() + "/dcs-result"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("requestId=" + sim.delivered().get(0) + "&ip=10.10.0.21&code=0")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            Thread.sleep(1500);
            assertThat(rig.mars.lines()).hasSize(1);
        }
    }

    @Test
    void a_changed_result_port_replaces_the_old_registration_by_itself() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            io.marsdcs.dcs.DcsSimulator sim = rig.startDcs();
            int first = TestRig.freePort();
            int second = TestRig.freePort();
            String yaml = rig.yaml();
            for (int port : new int[] {first, second}) {
                java.nio.file.Path file = dir.resolve("port" + port + ".yaml");
                java.nio.file.Files.writeString(file, yaml.replace("  listen: 127.0.0.1:0\n  servers:", "  listen: 127.0.0.1:" + port + "\n  servers:"));
                try (var a = io.marsdcs.app.Appliance.start(io.marsdcs.config.ConfigLoader.load(file).config(), TestRig.RESOLVER,
                        java.time.Clock.systemUTC())) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> sim.callbacks().values().stream().anyMatch(u -> u.contains(":" + port + "/")));
                }
            }
            assertThat(sim.callbacks().values()).containsExactly("http://127.0.0.1:" + second + "/dcs-result");
        }
    }
}
