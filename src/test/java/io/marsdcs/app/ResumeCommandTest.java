package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.testing.Notifications;
import io.marsdcs.testing.TestRig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeCommandTest {
    @TempDir
    Path dir;

    static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return exit + " " + out + err;
    }

    @Test
    void resume_reaches_the_running_appliance_and_releases_what_the_breaker_held() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            DcsSimulator sim = rig.startDcs();
            rig.startWith(y -> y.replace("  min_damage_free_time: 60m", "  min_damage_free_time: 60m\n  max_requests_per_minute: 2"));
            rig.sendMail(Notifications.mail("710001", List.of("10.10.3.1", "10.10.3.2", "10.10.3.3", "10.10.3.4")));
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.mars.lines().size() == 1);   // the breaker opened
            assertThat(sim.received()).isEmpty();

            String cfg = dir.resolve("marsdcs.yaml").toString();
            assertThat(run("resume", "--config", cfg, "10.9.9.9:80")).startsWith("1 ").contains("no configured DCS server is '10.9.9.9:80'");
            assertThat(run("resume", "--config", cfg, "127.0.0.1")).as("a host names its server, as for unregister")
                    .startsWith("0 ").contains("resume requested for 127.0.0.1");
            assertThat(run("resume", "--config", cfg)).startsWith("0 ").contains("resume requested for all DCS servers");
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.received().size() == 4);
        }
    }
}
