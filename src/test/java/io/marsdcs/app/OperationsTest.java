package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.testing.MarsParser;
import io.marsdcs.testing.TestRig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an administrator watches: metrics, health, the dead-man's switch, status. */
class OperationsTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(Appliance a, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.adminPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String run(String... args) {
        StringWriter out = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), args);
        return exit + " " + out;
    }

    @Test
    void metrics_count_what_happened_and_health_says_ok() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            Appliance a = rig.start();
            rig.send("incident-13725095.eml");
            rig.send("incident-13725311-gzip.eml");
            rig.send("not-mars.eml");
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() == 4);
            String m = get(a, "/metrics").body();
            assertThat(m).contains("marsdcs_mails_received_total{via=\"smtp\"} 3.0")
                    .contains("marsdcs_mails_set_aside_total{reason=\"not_mars\"} 1.0")
                    .contains("marsdcs_decisions_total{verdict=\"clean\"} 4.0")
                    .contains("marsdcs_decisions_total{verdict=\"skip_invalid_address\"} 2.0")
                    .contains("marsdcs_requests_total{outcome=\"accepted\",server=\"127.0.0.1:" + rig.dcsPort + "\"} 4.0")
                    .contains("marsdcs_results_total{status=\"CLEANUP_SUCCESS\"} 1.0")
                    .contains("marsdcs_result_latency_seconds_count 4")
                    .contains("marsdcs_queue{queue=\"mails_waiting\"} 0.0");
            HttpResponse<String> h = get(a, "/health");
            assertThat(h.statusCode()).isEqualTo(200);
            assertThat(h.body()).contains("\"status\":\"ok\"", "\"store_writable\":true",
                    "\"127.0.0.1:" + rig.dcsPort + "\":\"registered\"", "\"silent\":false", "\"mails_waiting\":0");
            assertThat(get(a, "/nothing").statusCode()).isEqualTo(404);

            String status = run("status", "--config", dir.resolve("marsdcs.yaml").toString().replace("marsdcs.yaml", "admin.yaml"));
            assertThat(status).startsWith("1 ");   // no such file: a clear error
        }
    }

    @Test
    void status_reads_the_running_appliance_and_says_when_none_runs() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            int adminPort = TestRig.freePort();
            rig.startWith(y -> y.replace("admin:\n  listen: 127.0.0.1:0", "admin:\n  listen: 127.0.0.1:" + adminPort));
            String cfg = dir.resolve("marsdcs.yaml").toString();
            await().atMost(Duration.ofSeconds(10)).until(() -> run("status", "--config", cfg).startsWith("0 "));
            assertThat(run("status", "--config", cfg)).contains("\"status\":\"ok\"").contains("marsdcs_queue{queue=\"requests_pending\"}");
            rig.stop();
            assertThat(run("status", "--config", cfg)).startsWith("3 ").contains("nothing answers on http://127.0.0.1:" + adminPort);
        }
    }

    @Test
    void health_is_degraded_while_a_dcs_server_is_unreachable_and_failing_when_the_store_is_gone() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            Appliance a = rig.start();   // no DCS server
            HttpResponse<String> h = get(a, "/health");
            assertThat(h.statusCode()).isEqualTo(200);
            assertThat(h.body()).contains("\"status\":\"degraded\"", "\"127.0.0.1:" + rig.dcsPort + "\":\"not registered\"");
            a.store().close();   // as a broken disk would
            h = get(a, "/health");
            assertThat(h.statusCode()).isEqualTo(503);
            assertThat(h.body()).contains("\"status\":\"failing\"", "\"store_writable\":false");
        }
    }

    @Test
    void silence_is_noticed_and_mars_hears_a_heartbeat_that_raises_no_incident() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            Appliance a = rig.startWith(y -> y.replace("  heartbeat_interval: 0s", "  heartbeat_interval: 1s\n  silence_warning: 1s"));
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.mars.lines().size() >= 2);
            assertThat(rig.mars.lines()).allMatch(l -> l.contains(" marsdcs-test DCS_Heartbeat Security product = \"DamageCleanupServices\" Event time=\""));
            assertThat(rig.mars.lines()).allMatch(l -> MarsParser.parse(l).isEmpty());   // no template matches: no incident in MARS
            await().atMost(Duration.ofSeconds(10)).until(() -> get(a, "/health").body().contains("\"silent\":true"));
            assertThat(get(a, "/health").body()).contains("\"status\":\"degraded\"");
            rig.send("incident-13725095.eml");
            await().atMost(Duration.ofSeconds(10)).until(() -> get(a, "/health").body().contains("\"silent\":false"));
        }
    }
}
