package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.AppConfig.DcsServer;
import io.marsdcs.dcs.DcsClient;
import io.marsdcs.dcs.Delivery;
import io.marsdcs.store.Registration;
import io.marsdcs.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "unregister", description = "Unregister from all DCS servers, or one (the guide's 'dcsp_unregister all').")
final class UnregisterCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "all|SERVER", description = "'all', or a server as host or host:port")
    String which;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<AppConfig> cfg = config.config(err);
        if (cfg.isEmpty()) return Main.INVALID;
        List<DcsServer> targets = ConfigOption.servers(cfg.get(), which, err);
        if (targets.isEmpty()) return Main.INVALID;
        DcsClient client = new DcsClient(Duration.ofSeconds(10), Appliance.VERSION);
        int failures = 0;
        try (Store store = Store.open(cfg.get().stateDir())) {
            Map<String, Registration> registrations = store.read(tx -> tx.registrations());
            for (DcsServer s : targets) {
                Registration r = registrations.get(s.id());
                if (r == null) {
                    out.println(s.id() + ": no registration recorded, nothing to unregister");
                    continue;
                }
                String id = r.registrationId();
                Delivery d = client.unregister(s, id);
                if (d instanceof Delivery.Accepted) {
                    store.write(tx -> {
                        tx.deleteRegistration(s.id());
                        return null;
                    }).join();
                    out.println(s.id() + ": unregistered " + id);
                } else {
                    failures++;
                    err.println(s.id() + ": could not unregister " + id + ": " + d.reason());
                }
            }
        }
        return failures == 0 ? Main.OK : Main.FAILURE;
    }
}
