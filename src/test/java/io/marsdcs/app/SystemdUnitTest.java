package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit is code: systemd's own tools check it, and its hardening cannot quietly erode. */
class SystemdUnitTest {
    static final Path UNIT = Path.of("systemd/marsdcs.service");

    @TempDir
    Path dir;

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() + " " + out;
    }

    static void needSystemdAnalyze() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/systemd-analyze"));
        if (!present && System.getenv("CI") != null) throw new AssertionError("systemd-analyze is missing");
        Assumptions.assumeTrue(present, "systemd-analyze is not installed");
    }

    @Test
    void systemd_analyze_verify_passes() throws Exception {
        needSystemdAnalyze();
        // The one change: the launcher's installed path, which does not exist on a build machine, points at the checkout's copy.
        Path copy = dir.resolve("marsdcs.service");
        Files.writeString(copy, Files.readString(UNIT).replace("/usr/bin/marsdcs", Path.of("appliance/marsdcs").toAbsolutePath().toString()));
        assertThat(run(List.of("systemd-analyze", "verify", copy.toString()))).isEqualTo("0 ");
    }

    @Test
    void systemd_analyze_security_rates_it_2_0_or_better() throws Exception {
        needSystemdAnalyze();
        String out = run(List.of("systemd-analyze", "security", "--offline=yes", "--threshold=20", UNIT.toString()));
        assertThat(out).startsWith("0 ").containsPattern("Overall exposure level for marsdcs.service: [01]\\.\\d|Overall exposure level for marsdcs.service: 2\\.0");
    }

    @Test
    void the_required_settings_are_there_and_keys_are_sorted() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);
        String unit = String.join("\n", lines);
        assertThat(unit).contains("\nType=notify\n", "\nWatchdogSec=", "\nNotifyAccess=main\n", "\nProtectSystem=strict\n",
                "\nStateDirectory=marsdcs\n", "\nUMask=0077\n", "\nSuccessExitStatus=143\n", "\nRestart=on-failure\n",
                "\nExecReload=/bin/kill -HUP $MAINPID\n", "\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n",
                "\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n", "\nUser=marsdcs\n");
        assertThat(unit).doesNotContain("MemoryDenyWriteExecute");   // the JVM's JIT needs W+X memory
        List<String> section = new ArrayList<>();
        boolean inService = false;
        for (String l : lines) {
            if (l.startsWith("[")) inService = l.equals("[Service]");
            else if (inService && l.contains("=") && !l.startsWith("#")) section.add(l.substring(0, l.indexOf('=')));
        }
        assertThat(section).isSorted();
        assertThat(Files.readString(Path.of("appliance/marsdcs.sysusers"))).contains("u marsdcs - ");
    }
}
