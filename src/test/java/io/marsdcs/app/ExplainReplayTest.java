package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.testing.Samples;
import io.marsdcs.testing.TestRig;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainReplayTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run marsdcs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void replay_prints_the_decisions_and_exact_requests_and_sends_nothing() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();   // listening, to prove nothing reaches it
            Path cfg = write("marsdcs.yaml", rig.yaml().getBytes());
            Run r = marsdcs("replay", "--config", cfg.toString(), write("n.eml", Samples.sample("incident-13725311-gzip.eml")).toString());
            assertThat(r.exit()).isEqualTo(0);
            assertThat(r.out())
                    .contains("13725311 10.10.0.37: clean via 127.0.0.1:" + rig.dcsPort + " target=10.10.0.37")
                    .contains("would POST http://127.0.0.1:" + rig.dcsPort + "/dcs/mars/cleanup")
                    .contains("<CleanupRequest version=\"1.0\" registrationId=\"(registered at start)\" requestId=\"13725311-1\">"
                            + "<Target ip=\"10.10.0.37\"/><Origin product=\"CS-MARS\" incidentId=\"13725311\" "
                            + "rule=\"System Rule: Worm Propagation - Attempt\" eventTime=\"2007-04-05T16:58:03-07:00\"/></CleanupRequest>")
                    .contains("10.10.255.255: skip, not a host address (broadcast address of 10.10.0.0/16)")
                    .contains("requestId=\"13725311-2\"><Target ip=\"10.10.0.88\"/>")
                    .endsWith("nothing was sent\n");
            Thread.sleep(300);
            assertThat(rig.dcs().received()).isEmpty();
            assertThat(rig.dcs().registrationIds()).isEmpty();
            assertThat(rig.mars.lines()).isEmpty();
            assertThat(rig.stateDir.resolve("marsdcs.db")).doesNotExist();
        }
    }

    @Test
    void replay_reads_xml_and_gzip_attachments_saved_on_disk() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            Path cfg = write("marsdcs.yaml", rig.yaml().getBytes());
            byte[] xml = Samples.sample("CS-MARS-Incident-13725095.xml");
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
                g.write(xml);
            }
            for (Path p : new Path[] {write("CS-MARS-Incident-13725095.xml", xml), write("CS-MARS-Incident-13725095.xml.gz", gz.toByteArray())}) {
                Run r = marsdcs("replay", "--config", cfg.toString(), p.toString());
                assertThat(r.exit()).as(p.toString()).isEqualTo(0);
                assertThat(r.out()).contains("incident 13725095 severity=red").contains("<Target ip=\"10.10.0.21\"/>");
            }
        }
    }

    @Test
    void replay_of_a_mail_that_is_not_mars_says_so_and_exits_1() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            Path cfg = write("marsdcs.yaml", rig.yaml().getBytes());
            Run r = marsdcs("replay", "--config", cfg.toString(), write("lunch.eml", Samples.sample("not-mars.eml")).toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).contains("not a MARS notification: no MARS XML among attachment menu.pdf");
            assertThat(marsdcs("replay", "--config", cfg.toString(), dir.resolve("missing.eml").toString()).err()).contains("cannot read");
        }
    }

    @Test
    void explain_walks_the_rules_in_order_and_uses_the_live_state() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            Path cfg = write("marsdcs.yaml", rig.yaml().getBytes());
            Run before = marsdcs("explain", "--config", cfg.toString(), "10.10.0.21");
            assertThat(before.out()).contains("no state yet").contains("never found clean here")
                    .contains("decision: clean via 127.0.0.1:" + rig.dcsPort + " target=10.10.0.21");
            assertThat(before.out().indexOf("exception list")).isLessThan(before.out().indexOf("internal network"));

            rig.startDcs();
            rig.start();
            rig.send("incident-13725095.eml");
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() == 1);
            // the appliance is still running: explain reads beside it
            Run after = marsdcs("explain", "--config", cfg.toString(), "10.10.0.21");
            assertThat(after.out()).contains("state: ").containsPattern("found clean at .*, so not cleaned again until ")
                    .contains("decision: manual cleanup needed");
            Run replay = marsdcs("replay", "--config", cfg.toString(), write("again.eml", Samples.sample("incident-13725095.eml")).toString());
            assertThat(replay.out()).contains("would send to MARS 127.0.0.1:" + rig.mars.port() + ": <12>")
                    .contains("DCS_MANUAL_CLEAN_NEEDED Security product = \"DamageCleanupServices\"");
        }
    }

    @Test
    void explain_names_the_rule_that_stops_a_cleanup() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            Path cfg = write("marsdcs.yaml", rig.yaml().getBytes());
            assertThat(marsdcs("explain", "--config", cfg.toString(), "10.10.0.99").out())
                    .contains("exception list                 matches 10.10.0.99/32").contains("decision: skip, on the exception list");
            assertThat(marsdcs("explain", "--config", cfg.toString(), "192.168.1.1").out())
                    .contains("decision: skip, outside the internal networks");
            assertThat(marsdcs("explain", "--config", cfg.toString(), "10.10.255.255").out())
                    .contains("decision: skip, not a host address (broadcast address of 10.10.0.0/16)");
            assertThat(marsdcs("explain", "--config", cfg.toString(), "no-such-host.invalid").out())
                    .contains("decision: skip, no usable address");
        }
    }
}
