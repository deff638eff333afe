package io.marsdcs.intake.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.syslog.MarsEvent;
import io.marsdcs.testing.DovecotServer;
import io.marsdcs.testing.MarsParser;
import io.marsdcs.testing.Samples;
import io.marsdcs.testing.TestRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MARS mails a mailbox on a real Dovecot; the appliance polls it, cleans, reports to MARS. */
class Pop3EndToEndTest {
    @TempDir
    Path dir;

    static String pop3(DovecotServer dovecot) {
        return """
                pop3:
                  enabled: true
                  server: 127.0.0.1
                  port: %d
                  security: none
                  username: %s
                  password: %s
                  check_interval: 300ms
                """.formatted(dovecot.port, DovecotServer.USER, DovecotServer.PASSWORD);
    }

    @Test
    void sample_mails_through_dovecot_reach_the_dcs_server_and_mars() throws Exception {
        Files.createDirectories(dir.resolve("dovecot"));
        try (DovecotServer dovecot = new DovecotServer(dir.resolve("dovecot"));
             TestRig rig = new TestRig(dir, pop3(dovecot))) {
            dovecot.deliver(Samples.sample("incident-13725095.eml"));
            dovecot.deliver(Samples.sample("incident-13725311-gzip.eml"));
            dovecot.deliver(Samples.sample("not-mars.eml"));
            rig.startDcs();
            rig.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.mars.lines().size() >= 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> dovecot.waiting() == 0);
            Map<String, MarsEvent> events = rig.marsEvents().stream()
                    .collect(Collectors.toMap(MarsParser.Parsed::destinationAddress, MarsParser.Parsed::event));
            assertThat(events).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "10.10.0.21", MarsEvent.DCS_Cleanup_Success,
                    "10.10.0.37", MarsEvent.DCS_No_Infection_Found,
                    "10.10.0.42", MarsEvent.DCS_Cleanup_Fail,
                    "10.10.0.88", MarsEvent.DCS_Login_Failure));
            assertThat(rig.dcs().received()).hasSize(4).noneMatch(r -> r.duplicate());
        }
    }

    @Test
    void the_same_notification_through_smtp_and_pop3_is_dispatched_once() throws Exception {
        Files.createDirectories(dir.resolve("dovecot"));
        try (DovecotServer dovecot = new DovecotServer(dir.resolve("dovecot"));
             TestRig rig = new TestRig(dir, pop3(dovecot))) {
            rig.startDcs();
            rig.start();
            assertThat(rig.send("incident-13725095.eml")).startsWith("250");
            // the relay also dropped it in the mailbox, with its own Received header on top
            dovecot.deliver(("Received: from relay by mailbox; Thu, 05 Apr 2007 16:55:03 -0700\r\n"
                    + new String(Samples.sample("incident-13725095.eml"), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            await().atMost(Duration.ofSeconds(20)).until(() -> dovecot.waiting() == 0 && rig.mars.lines().size() == 1);
            Thread.sleep(1000);
            assertThat(rig.dcsTargets()).containsExactly("10.10.0.21");
            assertThat(rig.mars.lines()).hasSize(1);
            Map<String, Long> counts = rig.appliance().store().read(tx -> tx.messageCounts());
            assertThat(counts).containsEntry("duplicate", 1L).containsEntry("dispatched", 1L);
        }
    }
}
