package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.ConfigException;
import io.marsdcs.config.ConfigLoader;
import io.marsdcs.dispatch.HostResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Run the appliance in the foreground until SIGTERM/SIGINT, or 'quit' typed on the console.")
final class RunCommand implements Callable<Integer> {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<AppConfig> cfg = config.config(spec.commandLine().getErr());
        if (cfg.isEmpty()) return Main.INVALID;
        LoggingSetup.apply(cfg.get().logging());
        return runUntilStopped(cfg.get(), Optional.of(config.file), () -> { });
    }

    /**
     * Starts the appliance, waits for SIGTERM/SIGINT or "quit", stops it; SIGHUP reloads
     * {@code configFile} when there is one. {@code extra} closes what the caller started beside it.
     */
    static int runUntilStopped(AppConfig config, Optional<Path> configFile, AutoCloseable extra) throws Exception {
        Appliance appliance;
        try {
            appliance = Appliance.start(config, HostResolver.SYSTEM, Clock.systemUTC());
        } catch (IOException e) {
            System.err.println("marsdcs: cannot start: " + e.getMessage());
            extra.close();
            return Main.FAILURE;
        }
        Optional<SystemdNotifier> systemd = SystemdNotifier.fromEnvironment(System.getenv());
        systemd.ifPresent(n -> {
            n.send("READY=1\nSTATUS=serving");
            n.startWatchdog(System.getenv(), appliance.dispatcher()::lastPass);
        });
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            systemd.ifPresent(SystemdNotifier::stopping);
            closeQuietly(appliance);
            closeQuietly(extra);
            systemd.ifPresent(SystemdNotifier::close);
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        configFile.ifPresent(file -> onHangup(() -> {
            systemd.ifPresent(n -> n.send("RELOADING=1"));
            reload(file, appliance);
            systemd.ifPresent(n -> n.send("READY=1"));
        }));
        Thread console = new Thread(() -> readConsole(stop), "console");
        console.setDaemon(true);
        console.start();
        stop.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return Main.OK; // the hook is already stopping everything
        }
        systemd.ifPresent(SystemdNotifier::stopping);
        systemd.ifPresent(SystemdNotifier::close);
        closeQuietly(appliance);
        closeQuietly(extra);
        return Main.OK;
    }

    /** The guide's habit: type {@code quit} and Enter. End of input (no console, as under systemd) is not a quit. */
    private static void readConsole(CountDownLatch stop) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equalsIgnoreCase("quit")) {
                    stop.countDown();
                    return;
                }
                if (!line.isBlank()) System.out.println("type 'quit' to stop marsdcs");
            }
        } catch (IOException e) {
            // no console: SIGTERM is the way to stop
        }
    }

    /** systemctl reload sends SIGHUP (ExecReload in the unit). */
    private static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP cannot be handled here ({}): configuration changes need a restart", e.getMessage());
        }
    }

    /** Validates the file first; a bad file is refused with every error, and the running configuration stays. */
    static void reload(Path file, Appliance appliance) {
        log.info("reloading {}", file);
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.load(file);
            loaded.warnings().forEach(w -> log.warn("{}", w));
            appliance.reload(loaded.config());
        } catch (ConfigException e) {
            e.errors().forEach(x -> log.error("{}", x));
            log.error("reload refused: {} error(s) in {}; the running configuration stays in force",
                    e.errors().stream().filter(x -> !x.warning()).count(), file);
        } catch (IOException e) {
            log.error("reload refused: {}; the running configuration stays in force", e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("marsdcs: while stopping: " + e);
        }
    }
}
