package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.ConfigException;
import io.marsdcs.config.ConfigLoader;
import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.dcs.DcsStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "The appliance, a DCS simulator and a MARS syslog printer in one process, on loopback.")
final class DemoCommand implements Callable<Integer> {
    static final Map<String, DcsStatus> OUTCOMES = Map.of(
            "10.10.0.21", DcsStatus.CLEANUP_SUCCESS,
            "10.10.0.37", DcsStatus.NO_INFECTION_FOUND,
            "10.10.0.88", DcsStatus.LOGIN_FAILURE);

    @Option(names = "--state", paramLabel = "DIR", description = "state directory (default: the demo config's, ./marsdcs-demo-state)")
    Path state;

    @Override
    public Integer call() throws Exception {
        AppConfig cfg = bundledConfig();
        if (state != null) {
            cfg = new AppConfig(cfg.source(), cfg.logging(), cfg.product(), cfg.smtp(), cfg.pop3(), cfg.mars(), cfg.dcs(), cfg.cleanup(), cfg.admin(), state);
        }
        AppConfig.DcsServer server = cfg.dcs().servers().get(0);
        InetSocketAddress marsAddress = new InetSocketAddress(cfg.mars().syslogServer(), cfg.mars().syslogPort());
        SyslogPrinter mars;
        try {
            mars = new SyslogPrinter(marsAddress);
        } catch (IOException e) {
            System.err.println("marsdcs: cannot listen for syslog on " + marsAddress + " (the demo's MARS): " + e.getMessage()
                    + " (another demo still running?)");
            return Main.FAILURE;
        }
        DcsSimulator sim;
        try {
            sim = new DcsSimulator(new InetSocketAddress(server.host(), server.port()), OUTCOMES, DcsStatus.CLEANUP_SUCCESS,
                    Duration.ofSeconds(2), Duration.ofSeconds(3), line -> System.out.println("[dcs-sim] " + line));
        } catch (IOException e) {
            mars.close();
            System.err.println("marsdcs: cannot start the DCS simulator on " + server.id() + ": " + e.getMessage());
            return Main.FAILURE;
        }
        System.out.println("""
                marsdcs demo
                  mail to    smtp://127.0.0.1:%d  (RCPT TO dcs@testzone.local)
                  DCS sim    http://%s          outcomes %s, others CLEANUP_SUCCESS
                  MARS       syslog lines are printed here as [mars]
                  state      %s
                send a sample:  swaks --server 127.0.0.1:%d --to dcs@testzone.local --data src/test/resources/samples/incident-13725095.eml
                type 'quit' to stop
                """.formatted(cfg.smtp().listen().port(), server.id(), OUTCOMES, cfg.stateDir().toAbsolutePath(), cfg.smtp().listen().port()));
        DcsSimulator simulator = sim;
        return RunCommand.runUntilStopped(cfg, Optional.empty(), () -> {
            simulator.close();
            mars.close();
        });
    }

    static AppConfig bundledConfig() throws IOException, ConfigException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo.yaml")) {
            if (in == null) throw new IOException("demo.yaml is missing from the jar");
            return ConfigLoader.parse(Path.of("demo.yaml"), new String(in.readAllBytes(), StandardCharsets.UTF_8)).config();
        }
    }
}
