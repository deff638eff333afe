package io.marsdcs.testing;

import io.marsdcs.app.Appliance;
import io.marsdcs.config.AppConfig;
import io.marsdcs.config.ConfigLoader;
import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.dcs.DcsStatus;
import io.marsdcs.dispatch.HostResolver;
import io.marsdcs.net.IpLiteral;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole loop on loopback: a real appliance from a real YAML file, a DCS simulator as the DCS
 * server, a UDP socket as MARS. Ports are the kernel's (0), except the simulator's, which must
 * be in the configuration before the simulator runs (it may start later, to play an outage).
 */
public final class TestRig implements AutoCloseable {
    /** The outcomes the simulator plays for the sample hosts. */
    public static final Map<String, DcsStatus> OUTCOMES = Map.of(
            "10.10.0.21", DcsStatus.CLEANUP_SUCCESS,
            "10.10.0.37", DcsStatus.NO_INFECTION_FOUND,
            "10.10.0.42", DcsStatus.CLEANUP_FAILED,
            "wks-042.corp.example.com", DcsStatus.CLEANUP_FAILED,
            "10.10.0.88", DcsStatus.LOGIN_FAILURE);
    /** The test's DNS: both of WKS-042's names resolve. */
    public static final HostResolver RESOLVER = name -> Optional.ofNullable(Map.of(
            "wks-042.corp.example.com", "10.10.0.42", "WKS-042", "10.10.0.42").get(name)).flatMap(IpLiteral::parse);

    public final Path stateDir;
    public final int dcsPort;
    public final SyslogReceiver mars;
    private final String extraYaml;
    private DcsSimulator dcs;
    private Appliance appliance;

    public TestRig(Path dir, String extraYaml) throws IOException {
        this.stateDir = dir.resolve("state");
        this.dcsPort = freePort();
        this.mars = new SyslogReceiver();
        this.extraYaml = extraYaml;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String yaml() {
        return """
                smtp:
                  listen: 127.0.0.1:0
                  allowed_clients: [127.0.0.0/8]
                  recipients: [dcs@testzone.local]
                mars:
                  syslog_server: 127.0.0.1
                  syslog_port: %d
                  time_zone: America/Los_Angeles
                  hostname: marsdcs-test
                  heartbeat_interval: 0s
                dcs:
                  listen: 127.0.0.1:0
                  servers:
                    - network: 10.10.0.0/16
                      server: 127.0.0.1
                      port: %d
                    - network: 0.0.0.0/0
                      server: 127.0.0.1
                      port: %d
                cleanup:
                  exceptions: [10.10.0.99]
                  internal_networks: [10.10.0.0/16]
                  min_damage_free_time: 60m
                admin:
                  listen: 127.0.0.1:0
                state_dir: %s
                %s""".formatted(mars.port(), dcsPort, dcsPort, stateDir, extraYaml);
    }

    public AppConfig config() throws Exception {
        Path file = stateDir.getParent().resolve("marsdcs.yaml");
        Files.writeString(file, yaml(), StandardCharsets.UTF_8);
        return ConfigLoader.load(file).config();
    }

    public DcsSimulator startDcs() throws IOException {
        return startDcs(Duration.ofMillis(200));
    }

    public DcsSimulator startDcs(Duration resultDelay) throws IOException {
        dcs = new DcsSimulator(new InetSocketAddress("127.0.0.1", dcsPort), OUTCOMES, DcsStatus.CLEANUP_SUCCESS,
                resultDelay, Duration.ofMillis(300), line -> { });
        return dcs;
    }

    public String sendMail(byte[] mail) throws IOException {
        return SmtpSession.send(appliance.smtpPort(), "dcs@testzone.local", mail);
    }

    public void stopDcs() {
        if (dcs != null) dcs.close();
        dcs = null;
    }

    public DcsSimulator dcs() {
        return dcs;
    }

    public Appliance start() throws Exception {
        appliance = Appliance.start(config(), RESOLVER, Clock.systemUTC());
        return appliance;
    }

    /** Starts with the rig's configuration as {@code edit} changes it (the edit must change something). */
    public Appliance startWith(java.util.function.UnaryOperator<String> edit) throws Exception {
        String base = yaml();
        String edited = edit.apply(base);
        if (edited.equals(base)) throw new IllegalArgumentException("the edit changed nothing in:\n" + base);
        Path file = stateDir.getParent().resolve("marsdcs.yaml");
        Files.writeString(file, edited, StandardCharsets.UTF_8);
        appliance = Appliance.start(ConfigLoader.load(file).config(), RESOLVER, Clock.systemUTC());
        return appliance;
    }

    public void stop() {
        if (appliance != null) appliance.close();
        appliance = null;
    }

    public Appliance appliance() {
        return appliance;
    }

    public String send(String sample) throws IOException {
        return SmtpSession.send(appliance.smtpPort(), "dcs@testzone.local", Samples.sample(sample));
    }

    /** Sends the sample again as a new alert (a new Message-ID), as MARS does while a host keeps attacking. */
    public String resend(String sample, int n) throws IOException {
        return SmtpSession.send(appliance.smtpPort(), "dcs@testzone.local", Samples.resent(sample, n));
    }

    /** What MARS made of every line it received, in order. */
    public List<MarsParser.Parsed> marsEvents() {
        return mars.lines().stream().map(l -> MarsParser.parse(l).orElseThrow(() -> new AssertionError("MARS cannot parse: " + l))).toList();
    }

    /** The targets the DCS server was asked to clean, in order, duplicates included. */
    public List<String> dcsTargets() {
        return dcs.received().stream().map(r -> r.order().target()).toList();
    }

    @Override
    public void close() {
        stop();
        stopDcs();
        mars.close();
    }
}
