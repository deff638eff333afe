package io.marsdcs.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.marsdcs.config.AppConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging:}: the guide's levels mapped onto Logback's, and the optional log file,
 * capped and rotated (the old plug-in's log grew forever and was wiped on every restart; this one
 * appends, so a restart keeps the history).
 */
final class LoggingSetup {
    /** Our own appender's name, so a reload replaces it and nothing else. */
    static final String APPENDER = "marsdcs-logging-file";

    private LoggingSetup() {}

    static Level level(String guideLevel) {
        return switch (guideLevel) {
            case "critical", "error" -> Level.ERROR;
            case "warning" -> Level.WARN;
            case "debug" -> Level.DEBUG;
            default -> Level.INFO;
        };
    }

    static void apply(AppConfig.Logging config) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ctx.getLogger("io.marsdcs").setLevel(level(config.level()));
        // Applied again on every reload: the previous file appender goes first.
        ch.qos.logback.core.Appender<ILoggingEvent> previous = root.getAppender(APPENDER);
        if (previous != null) {
            root.detachAppender(previous);
            previous.stop();
        }
        if (config.file().isEmpty()) return;

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} %msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName(APPENDER);
        file.setFile(config.file());
        file.setAppend(true);
        file.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(file);
        rolling.setFileNamePattern(config.file() + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(Math.max(1, config.maxFiles()));
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(new FileSize(config.maxFileSize()));
        // Logback checks the size at most this often; its default lets a busy log overshoot the cap by far.
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildBySeconds(1));
        trigger.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.start();
        root.addAppender(file);
    }
}
