package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.ConfigLoader;
import io.marsdcs.syslog.MarsSetupKit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "mars-kit", description = "Print what to enter in MARS: the custom device type, the five log templates "
        + "with their patterns, the inspection rules, the report.")
final class MarsKitCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "take the product name and SMTP port from this configuration")
    Path config;

    @Option(names = "--address", paramLabel = "IP", description = "the appliance's address as MARS reaches it (default: ${DEFAULT-VALUE})")
    String address = "APPLIANCE_IP";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String product = "DamageCleanupServices";
        int smtpPort = 25;
        if (config != null) {
            java.util.Optional<ConfigLoader.Loaded> loaded = ConfigOption.load(config, spec.commandLine().getErr());
            if (loaded.isEmpty()) return Main.INVALID;
            AppConfig c = loaded.get().config();
            product = c.product().marsSyslogName();
            smtpPort = c.smtp().listen().port();
        }
        spec.commandLine().getOut().print(MarsSetupKit.text(product, address, smtpPort));
        return Main.OK;
    }
}
