package io.marsdcs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.store.Store;
import io.marsdcs.syslog.MarsEvent;
import io.marsdcs.testing.MarsParser;
import io.marsdcs.testing.Notifications;
import io.marsdcs.testing.TestRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outbreaks and outages: every accepted host ends in a report, and no DCS server is flooded. */
class ReliabilityTest {
    @TempDir
    Path dir;

    static List<String> hosts(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add("10.10.1." + i);
        return out;
    }

    @Test
    void a_storm_opens_the_breaker_tells_mars_once_and_resume_lets_the_held_requests_go() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            DcsSimulator sim = rig.startDcs();
            rig.startWith(y -> y.replace("  min_damage_free_time: 60m", "  min_damage_free_time: 60m\n  max_requests_per_minute: 3"));
            assertThat(rig.sendMail(Notifications.mail("500001", hosts(8)))).startsWith("250");
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.mars.lines().size() == 1);
            MarsParser.Parsed told = rig.marsEvents().get(0);
            assertThat(told.event()).isEqualTo(MarsEvent.DCS_Cleanup_Fail);
            assertThat(told.destinationAddress()).isEqualTo("0.0.0.0");
            assertThat(rig.mars.lines().get(0)).contains("Reason=\"breaker open for all DCS servers: 8 new cleanups in the last minute");
            Thread.sleep(1500);
            assertThat(sim.received()).as("held back").isEmpty();
            assertThat(rig.mars.lines()).as("told once").hasSize(1);

            try (Store commands = Store.open(rig.stateDir)) {   // what `marsdcs resume` does
                commands.write(tx -> {
                    tx.insertCommand("resume", "*", Instant.now());
                    return null;
                }).join();
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> rig.mars.lines().size() == 9);
            assertThat(rig.dcsTargets()).containsExactlyInAnyOrderElementsOf(hosts(8));
        }
    }

    @Test
    void a_flood_about_one_host_yields_one_request_and_at_most_one_manual_cleanup_line() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            rig.start();
            for (int i = 0; i < 30; i++) assertThat(rig.sendMail(Notifications.mail("6000" + i, List.of("10.10.0.21")))).startsWith("250");
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() >= 1);
            for (int i = 30; i < 60; i++) rig.sendMail(Notifications.mail("6000" + i, List.of("10.10.0.21")));
            await().atMost(Duration.ofSeconds(20)).until(() -> rig.mars.lines().size() >= 2);
            Thread.sleep(1500);
            assertThat(rig.dcsTargets()).containsExactly("10.10.0.21");
            assertThat(rig.marsEvents()).extracting(MarsParser.Parsed::event)
                    .containsExactly(MarsEvent.DCS_Cleanup_Success, MarsEvent.DCS_MANUAL_CLEAN_NEEDED);
        }
    }

    @Test
    void a_dcs_server_never_has_more_than_max_in_flight_cleanups_at_once() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            DcsSimulator sim = rig.startDcs(Duration.ofMillis(700));
            rig.startWith(y -> y.replace("      port: " + rig.dcsPort + "\n    - network: 0.0.0.0/0",
                    "      port: " + rig.dcsPort + "\n      max_in_flight: 2\n    - network: 0.0.0.0/0"));
            rig.sendMail(Notifications.mail("700001", hosts(7)));
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.mars.lines().size() == 7);
            assertThat(sim.maxOutstanding()).isEqualTo(2);
            assertThat(rig.dcsTargets()).hasSize(7);
        }
    }

    @Test
    void requests_accepted_during_an_outage_are_all_delivered_when_the_server_is_back() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.start();   // the DCS server is down
            rig.sendMail(Notifications.mail("800001", hosts(3)));
            rig.sendMail(Notifications.mail("800002", List.of("10.10.2.1", "10.10.2.2")));
            Thread.sleep(1500);
            rig.startDcs();
            await().atMost(Duration.ofSeconds(40)).until(() -> rig.mars.lines().size() == 5);
            assertThat(rig.dcsTargets()).containsExactlyInAnyOrder("10.10.1.1", "10.10.1.2", "10.10.1.3", "10.10.2.1", "10.10.2.2");
            assertThat(rig.dcs().received()).noneMatch(r -> r.duplicate());
            // in the order they were accepted
            assertThat(rig.dcs().received().stream().map(r -> r.order().requestId()).toList())
                    .isSortedAccordingTo((a, b) -> Long.compare(Long.parseLong(a.split("-")[1]), Long.parseLong(b.split("-")[1])));
        }
    }

    @Test
    void a_server_that_never_comes_back_ends_in_failure_reports_with_the_reason() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startWith(y -> y.replace("  min_damage_free_time: 60m", "  min_damage_free_time: 60m\n  delivery_timeout: 2s"));
            rig.sendMail(Notifications.mail("900001", hosts(2)));
            await().atMost(Duration.ofSeconds(15)).until(() -> rig.mars.lines().size() == 2);
            assertThat(rig.marsEvents()).extracting(MarsParser.Parsed::event).containsOnly(MarsEvent.DCS_Cleanup_Fail);
            assertThat(rig.marsEvents()).extracting(MarsParser.Parsed::destinationAddress).containsExactlyInAnyOrder("10.10.1.1", "10.10.1.2");
            assertThat(rig.mars.lines()).allMatch(l -> l.contains("Reason=\"could not be delivered to 127.0.0.1:" + rig.dcsPort + " within 2s\""));
        }
    }

    @Test
    void a_missing_result_is_reported_unconfirmed_and_a_late_one_still_counts() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs(Duration.ofMillis(3500));
            rig.startWith(y -> y.replace("  min_damage_free_time: 60m", "  min_damage_free_time: 60m\n  result_timeout: 1s"));
            rig.send("incident-13725095.eml");
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.mars.lines().size() == 1);
            assertThat(rig.marsEvents().get(0).event()).isEqualTo(MarsEvent.DCS_Cleanup_Fail);
            assertThat(rig.mars.lines().get(0)).contains("Reason=\"no result from 127.0.0.1:" + rig.dcsPort);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.mars.lines().size() == 2);
            assertThat(rig.marsEvents().get(1).event()).isEqualTo(MarsEvent.DCS_Cleanup_Success);
        }
    }
}
