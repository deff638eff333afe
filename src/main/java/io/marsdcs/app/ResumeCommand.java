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

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "one DCS server as host:port (default: all)")
    String server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<AppConfig> cfg = config.config(spec.commandLine().getErr());
        if (cfg.isEmpty()) return Main.INVALID;
        if (server != null && cfg.get().dcs().server(server).isEmpty()) {
            spec.commandLine().getErr().println("marsdcs: no configured DCS server is '" + server + "'; configured: "
                    + cfg.get().dcs().servers().stream().map(AppConfig.DcsServer::id).toList());
            return Main.INVALID;
        }
        // The store carries the command: it reaches the running appliance within a second, or the next one to start.
        try (Store store = Store.open(cfg.get().stateDir())) {
            store.write(tx -> {
                tx.insertCommand("resume", server == null ? "*" : server, Instant.now());
                return null;
            }).join();
        }
        spec.commandLine().getOut().println("resume requested for " + (server == null ? "all DCS servers" : server)
                + "; the running appliance carries it out within a second (see its log)");
        return Main.OK;
    }
}
