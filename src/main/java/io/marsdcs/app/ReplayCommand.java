package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.AppConfig.DcsServer;
import io.marsdcs.dcs.CleanupOrder;
import io.marsdcs.dcs.DcsXml;
import io.marsdcs.dispatch.HostResolver;
import io.marsdcs.dispatch.Suspects;
import io.marsdcs.mars.MarsMailParser;
import io.marsdcs.mars.ParseOutcome;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.policy.CleanupPolicy;
import io.marsdcs.policy.Decision;
import io.marsdcs.store.Registration;
import io.marsdcs.syslog.MarsEvent;
import io.marsdcs.syslog.MarsReport;
import io.marsdcs.syslog.SyslogFormatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replay", description = "Parse a saved notification (.eml, .xml, .xml.gz) and print the decisions and the exact requests it would send. Sends nothing.")
final class ReplayCommand implements Callable<Integer> {
    private static final Pattern MAIL_HEADER = Pattern.compile("^[A-Za-z][A-Za-z0-9-]*:[ \\t]");

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "MAIL_OR_XML")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<AppConfig> loaded = config.config(err);
        if (loaded.isEmpty()) return Main.INVALID;
        AppConfig cfg = loaded.get();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("marsdcs: cannot read " + file + ": " + e.getMessage());
            return Main.INVALID;
        }
        MarsMailParser parser = new MarsMailParser();
        ParseOutcome outcome = looksLikeMail(bytes) ? parser.parse(bytes) : parser.parseAttachment(bytes, file.getFileName().toString());
        out.print(DecisionReport.outcome(outcome));
        if (!(outcome instanceof ParseOutcome.Parsed parsed)) return Main.INVALID;

        Instant now = Instant.now();
        try (LiveState state = LiveState.open(cfg, err)) {
            out.println("decisions (" + state.describe() + ")");
            List<Decision> decisions = new CleanupPolicy(cfg.policyRules())
                    .decide(Suspects.of(parsed.notification(), HostResolver.SYSTEM), state::history, now);
            long seq = state.lastRequestSequence();
            Map<String, Registration> registrations = state.registrations();
            SyslogFormatter syslog = new SyslogFormatter(Appliance.hostname(cfg), cfg.product().marsSyslogName(), cfg.mars().timeZone());
            for (Decision d : decisions) {
                out.println("  " + d.suspect().incidentId() + " " + d.suspect().label() + ": " + DecisionReport.decision(d));
                if (d instanceof Decision.Clean c) {
                    DcsServer server = cfg.dcs().server(c.route().serverId()).orElseThrow();
                    String requestId = d.suspect().incidentId() + "-" + (++seq);
                    String registration = Optional.ofNullable(registrations.get(server.id())).map(Registration::registrationId)
                            .orElse("(registered at start)");
                    out.println("    would POST http://" + server.id() + server.cleanupPath());
                    out.println("    " + DcsXml.cleanupRequest(registration, new CleanupOrder(requestId, c.target(),
                            !c.target().equals(IpLiteral.format(c.address())), d.suspect().incidentId(), d.suspect().rule(), d.suspect().eventTime())));
                } else if (d instanceof Decision.ManualCleanNeeded m) {
                    MarsReport r = new MarsReport(MarsEvent.DCS_MANUAL_CLEAN_NEEDED, IpLiteral.format(m.address()), now,
                            Map.of("Incident", d.suspect().incidentId()));
                    out.println("    would send to MARS " + IpLiteral.format(cfg.mars().syslogServer()) + ":" + cfg.mars().syslogPort()
                            + ": " + syslog.line(r, now));
                }
            }
            out.println("nothing was sent");
        }
        return Main.OK;
    }

    /** An RFC 5322 mail starts with a header line; an attachment starts with XML or compressed bytes. */
    static boolean looksLikeMail(byte[] bytes) {
        String start = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        return MAIL_HEADER.matcher(start).find();
    }
}
