package io.marsdcs.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check-config", description = "Validate a configuration: exit 0 when valid, 1 with every error listed.")
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return config.load(spec.commandLine().getErr()).map(l -> {
            spec.commandLine().getOut().println(config.file + ": valid (" + l.config().dcs().servers().size() + " DCS server(s), "
                    + l.config().dcs().routes().size() + " route(s), " + l.config().cleanup().internalNetworks().size()
                    + " internal network(s), " + l.config().cleanup().exceptions().size() + " exception(s))");
            return Main.OK;
        }).orElse(Main.INVALID);
    }
}
