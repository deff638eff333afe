package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.store.Store;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", description = "Close the breaker (all DCS servers, or one) on the running appliance: held requests go out.")
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "one DCS server, as host or host:port (default: all)")
    String server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<AppConfig> cfg = config.config(spec.commandLine().getErr());
        if (cfg.isEmpty()) return Main.INVALID;
        java.util.List<String> scopes = java.util.List.of("*");
        if (server != null) {
            java.util.List<AppConfig.DcsServer> found = ConfigOption.servers(cfg.get(), server, spec.commandLine().getErr());
            if (found.isEmpty()) return Main.INVALID;
            scopes = found.stream().map(AppConfig.DcsServer::id).toList();   // the breaker knows servers by host:port
        }
        // The store carries the command: it reaches the running appliance within a second, or the next one to start.
        java.util.List<String> commands = scopes;
        try (Store store = Store.open(cfg.get().stateDir())) {
            store.write(tx -> {
                for (String scope : commands) tx.insertCommand("resume", scope, Instant.now());
                return null;
            }).join();
        }
        spec.commandLine().getOut().println("resume requested for " + (server == null ? "all DCS servers" : server)
                + "; the running appliance carries it out within a second (see its log)");
        return Main.OK;
    }
}
