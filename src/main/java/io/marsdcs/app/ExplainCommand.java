package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.dispatch.HostResolver;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.policy.CleanupPolicy;
import io.marsdcs.policy.Decision;
import io.marsdcs.policy.Suspect;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", description = "Say what would happen to a host now, and why: each rule in order, with the live state.")
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "an IP address, or a host name as MARS may give it")
    String address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<AppConfig> cfg = config.config(spec.commandLine().getErr());
        if (cfg.isEmpty()) return Main.INVALID;
        Optional<InetAddress> ip = IpLiteral.parse(address);
        String name = ip.isPresent() ? "" : address;
        if (ip.isEmpty()) ip = HostResolver.SYSTEM.resolve(address);
        Suspect suspect = new Suspect(ip, name, "(explain)", "", "");
        try (LiveState state = LiveState.open(cfg.get(), spec.commandLine().getErr())) {
            out.println("explain " + address + " with " + config.file + " (" + state.describe() + ")");
            Decision d = new CleanupPolicy(cfg.get().policyRules()).decideOne(suspect, state::history, Instant.now(),
                    (rule, finding) -> out.printf("  %-30s %s%n", rule, finding));
            out.println("decision: " + DecisionReport.decision(d));
        }
        return Main.OK;
    }

}
