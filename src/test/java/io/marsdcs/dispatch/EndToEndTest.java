package io.marsdcs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.syslog.MarsEvent;
import io.marsdcs.testing.MarsParser;
import io.marsdcs.testing.TestRig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product's reason to exist, over real sockets: MARS mail in, DCS cleanup out, result back to MARS. */
class EndToEndTest {
    @TempDir
    Path dir;

    static Map<String, MarsEvent> byHost(List<MarsParser.Parsed> events) {
        return events.stream().collect(Collectors.toMap(MarsParser.Parsed::destinationAddress, MarsParser.Parsed::event, (a, b) -> b));
    }

    @Test
    void each_sample_mail_becomes_the_right_requests_and_syslog_lines() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            rig.start();
            assertThat(rig.send("incident-13725095.eml")).startsWith("250");
            assertThat(rig.send("incident-13725311-gzip.eml")).startsWith("250");
            assertThat(rig.send("not-mars.eml")).startsWith("250");

            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() >= 4);
            assertThat(rig.dcsTargets()).containsExactlyInAnyOrder("10.10.0.21", "10.10.0.37", "10.10.0.42", "10.10.0.88");
            assertThat(rig.dcs().received()).noneMatch(r -> r.duplicate());
            assertThat(rig.dcs().received()).filteredOn(r -> r.order().target().equals("10.10.0.21"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.order().incidentId()).isEqualTo("13725095");
                        assertThat(r.order().rule()).isEqualTo("System Rule: Worm Propagation - Success Likely");
                        assertThat(r.order().eventTime()).isEqualTo("2007-04-05T16:54:58-07:00");
                        assertThat(r.order().requestId()).startsWith("13725095-");
                    });
            assertThat(byHost(rig.marsEvents())).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "10.10.0.21", MarsEvent.DCS_Cleanup_Success,
                    "10.10.0.37", MarsEvent.DCS_No_Infection_Found,
                    "10.10.0.42", MarsEvent.DCS_Cleanup_Fail,
                    "10.10.0.88", MarsEvent.DCS_Login_Failure));
            assertThat(rig.mars.lines()).allMatch(l -> l.contains(" marsdcs-test DCS_"));
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.appliance().store().read(tx -> tx.messageCounts()).get("not_mars") != null);
        }
    }

    @Test
    void a_host_attacking_again_inside_min_damage_free_time_needs_a_manual_cleanup_once() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            rig.start();
            rig.send("incident-13725095.eml");
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() >= 1);
            assertThat(rig.marsEvents().get(0).event()).isEqualTo(MarsEvent.DCS_Cleanup_Success);

            rig.resend("incident-13725095.eml", 1);   // MARS mails again: the worm is still active
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() >= 2);
            MarsParser.Parsed manual = rig.marsEvents().get(1);
            assertThat(manual.event()).isEqualTo(MarsEvent.DCS_MANUAL_CLEAN_NEEDED);
            assertThat(manual.destinationAddress()).isEqualTo("10.10.0.21");

            rig.resend("incident-13725095.eml", 2);   // and again: MARS already knows
            rig.send("incident-13725311-gzip.eml");   // other hosts still flow
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() >= 5);
            Thread.sleep(500);
            assertThat(rig.dcsTargets()).filteredOn("10.10.0.21"::equals).hasSize(1);
            assertThat(rig.marsEvents()).filteredOn(e -> e.event() == MarsEvent.DCS_MANUAL_CLEAN_NEEDED).hasSize(1);
        }
    }

    @Test
    void with_use_hostname_in_dcs_req_the_name_is_sent_and_the_line_still_carries_the_ip() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            String yaml = rig.yaml().replace("  listen: 127.0.0.1:0\n  servers:", "  listen: 127.0.0.1:0\n  use_hostname_in_dcs_req: true\n  servers:");
            assertThat(yaml).contains("use_hostname_in_dcs_req: true");
            java.nio.file.Files.writeString(dir.resolve("byname.yaml"), yaml);
            rig.startDcs();
            try (var a = io.marsdcs.app.Appliance.start(io.marsdcs.config.ConfigLoader.load(dir.resolve("byname.yaml")).config(),
                    TestRig.RESOLVER, java.time.Clock.systemUTC())) {
                io.marsdcs.testing.SmtpSession.send(a.smtpPort(), "dcs@testzone.local", io.marsdcs.testing.Samples.sample("incident-13725311-gzip.eml"));
                await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() >= 3);
                assertThat(rig.dcs().received()).filteredOn(r -> r.order().byName()).extracting(r -> r.order().target())
                        .containsExactly("wks-042.corp.example.com");
                assertThat(byHost(rig.marsEvents())).containsEntry("10.10.0.42", MarsEvent.DCS_Cleanup_Fail);
            }
        }
    }

    @Test
    void the_same_mail_delivered_twice_is_dispatched_once() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            rig.start();
            assertThat(rig.send("incident-13725095.eml")).startsWith("250");
            assertThat(rig.send("incident-13725095.eml")).as("a relay delivering twice still gets a 250").startsWith("250");
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() == 1);
            Thread.sleep(1000);
            assertThat(rig.dcsTargets()).containsExactly("10.10.0.21");
            assertThat(rig.mars.lines()).hasSize(1);
            Map<String, Long> messages = rig.appliance().store().read(tx -> tx.messageCounts());
            assertThat(messages).containsEntry("duplicate", 1L).containsEntry("dispatched", 1L);
        }
    }
}
