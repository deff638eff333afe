package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The old plug-in's log grew forever and was wiped on every restart; this one is capped, rotated and kept. */
class LoggingSetupTest {
    static final Logger log = LoggerFactory.getLogger("io.marsdcs.test.LoggingSetupTest");

    @TempDir
    Path dir;

    @AfterEach
    void detach() {
        LoggingSetup.apply(new AppConfig.Logging("info", "", 10 << 20, 5));
    }

    @Test
    void the_log_file_is_capped_rotated_and_survives_a_restart() throws Exception {
        Path file = dir.resolve("marsdcs.log");
        AppConfig.Logging cfg = new AppConfig.Logging("info", file.toString(), 2048, 3);
        LoggingSetup.apply(cfg);
        log.info("first start");
        LoggingSetup.apply(cfg);   // a restart (or a reload) opens the same file again
        log.info("second start");
        assertThat(Files.readString(file)).contains("first start").contains("second start");

        for (int round = 0; round < 5; round++) {   // the size is checked at most once a second
            for (int i = 0; i < 100; i++) log.info("round {} line {} {}", round, i, "x".repeat(60));
            Thread.sleep(1100);
        }
        log.info("last");
        assertThat(dir.resolve("marsdcs.log.1")).exists();
        assertThat(dir.resolve("marsdcs.log.3")).exists();
        assertThat(dir.resolve("marsdcs.log.4")).as("max_files: 3 rotated files at most").doesNotExist();
        // the size check runs at most about once a second in Logback, so allow some slack over the cap
        assertThat(Files.size(file)).isLessThan(64 * 1024);
    }

    @Test
    void the_guides_levels_map_to_logback() {
        assertThat(LoggingSetup.level("critical")).hasToString("ERROR");
        assertThat(LoggingSetup.level("error")).hasToString("ERROR");
        assertThat(LoggingSetup.level("warning")).hasToString("WARN");
        assertThat(LoggingSetup.level("info")).hasToString("INFO");
        assertThat(LoggingSetup.level("debug")).hasToString("DEBUG");
        LoggingSetup.apply(new AppConfig.Logging("warning", "", 10 << 20, 5));
        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isTrue();
    }
}
