package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.testing.MarsParser;
import io.marsdcs.testing.Notifications;
import io.marsdcs.testing.RunningJar;
import io.marsdcs.testing.SmtpSession;
import io.marsdcs.testing.TestRig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise under fire: thousands of notifications over SMTP while the appliance is killed with
 * SIGKILL at random moments and restarted. Afterwards every notification that got a 250 ends, for
 * its host, in exactly one final report to MARS, and no host is cleaned twice.
 */
class CrashIT {
    static final int NOTIFICATIONS = Integer.getInteger("crash.notifications", 2000);
    static final int KILLS = 4;
    static final Pattern REQUEST_ID = Pattern.compile("RequestId=\"([^\"]+)\"");

    @TempDir
    Path dir;

    static String host(int i) {
        return "10.20." + (i / 250) + "." + (i % 250 + 1);
    }

    @Test
    void nothing_accepted_is_lost_and_nothing_is_doubled_across_kill_9() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            DcsSimulator sim = rig.startDcs(Duration.ofMillis(50));
            int smtpPort = TestRig.freePort();
            int callbackPort = TestRig.freePort();
            Path cfg = dir.resolve("crash.yaml");
            Files.writeString(cfg, rig.yaml()
                    .replace("  listen: 127.0.0.1:0\n  allowed_clients", "  listen: 127.0.0.1:" + smtpPort + "\n  allowed_clients")
                    .replace("  listen: 127.0.0.1:0\n  servers:", "  listen: 127.0.0.1:" + callbackPort + "\n  servers:")
                    .replace("internal_networks: [10.10.0.0/16]", "internal_networks: [10.10.0.0/16, 10.20.0.0/16]")
                    .replace("  min_damage_free_time: 60m", "  min_damage_free_time: 60m\n  max_requests_per_minute: 1000000"));

            AtomicReference<RunningJar> app = new AtomicReference<>(new RunningJar("run", "--config", cfg.toString()));
            app.get().smtpPort();
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            long started = System.nanoTime();

            // MARS: sends each notification until it gets a 250, as an MTA retries a 4xx or a dropped connection
            Thread mars = new Thread(() -> {
                for (int i = 0; i < NOTIFICATIONS; i++) {
                    byte[] mail = Notifications.mail(String.valueOf(2_000_000 + i), List.of(host(i)));
                    while (true) {
                        try {
                            if (SmtpSession.send(smtpPort, "dcs@testzone.local", mail).startsWith("250")) {
                                accepted.add(host(i));
                                break;
                            }
                        } catch (IOException down) {
                            // being restarted
                        }
                        sleep(50);
                    }
                }
            }, "mars");
            mars.start();

            Random random = new Random(9);
            int kills = 0;
            while (kills < KILLS && mars.isAlive()) {
                sleep(1500 + random.nextInt(2500));
                app.get().signal("KILL");
                app.get().waitFor();
                kills++;
                app.set(new RunningJar("run", "--config", cfg.toString()));
                app.get().smtpPort();
            }
            mars.join(300_000);
            assertThat(mars.isAlive()).as("MARS finished sending").isFalse();
            assertThat(kills).as("the appliance was killed while mail was flowing").isEqualTo(KILLS);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> reported(rig).keySet().containsAll(accepted));
            Thread.sleep(2000);   // anything still in flight would show now
            app.get().terminate();
            app.get().waitFor();

            Map<String, Set<String>> reports = reported(rig);
            Map<String, Integer> datagrams = new HashMap<>();
            rig.mars.lines().forEach(l -> MarsParser.parse(l).ifPresent(p -> datagrams.merge(p.destinationAddress(), 1, Integer::sum)));
            Map<String, Set<String>> requestIdsByHost = new HashMap<>();
            sim.received().forEach(r -> requestIdsByHost.computeIfAbsent(r.order().target(), k -> new HashSet<>()).add(r.order().requestId()));
            long retransmitted = sim.received().stream().filter(DcsSimulator.Received::duplicate).count();
            long repeatedDatagrams = datagrams.values().stream().mapToLong(n -> n - 1).sum();

            System.out.printf("crash test: %d notifications accepted in %.0f s with %d SIGKILLs; %d cleanup requests re-sent after a kill"
                            + " (the DCS server saw the same request id again and did not clean twice); %d syslog lines repeated after a kill%n",
                    accepted.size(), (System.nanoTime() - started) / 1e9, kills, retransmitted, repeatedDatagrams);

            assertThat(accepted).hasSize(NOTIFICATIONS);
            assertThat(reports.keySet()).as("every accepted host has its final report").containsAll(accepted);
            assertThat(reports).as("exactly one final report per host: one request id, one event")
                    .allSatisfy((host, finals) -> assertThat(finals).hasSize(1));
            assertThat(requestIdsByHost).as("no host was asked to be cleaned twice")
                    .allSatisfy((host, ids) -> assertThat(ids).hasSize(1));
            assertThat(requestIdsByHost.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
        }
    }

    /** Host to the distinct final reports MARS received for it (event and request id). */
    static Map<String, Set<String>> reported(TestRig rig) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String line : new ArrayList<>(rig.mars.lines())) {
            MarsParser.parse(line).ifPresent(p -> {
                Matcher m = REQUEST_ID.matcher(line);
                out.computeIfAbsent(p.destinationAddress(), k -> new HashSet<>()).add(p.event() + " " + (m.find() ? m.group(1) : "?"));
            });
        }
        return out;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
