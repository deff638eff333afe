package io.marsdcs.app;

import io.marsdcs.config.ConfigError;
import io.marsdcs.config.ConfigException;
import io.marsdcs.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} every appliance command takes, and how load problems are printed. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the YAML configuration")
    Path file;

    /** The configuration, or empty after printing every error (the caller exits 1). */
    Optional<ConfigLoader.Loaded> load(PrintWriter err) {
        return load(file, err);
    }

    /** The validated configuration, or empty after printing every error (the command then exits 1). */
    Optional<io.marsdcs.config.AppConfig> config(PrintWriter err) {
        return load(err).map(ConfigLoader.Loaded::config);
    }

    static Optional<ConfigLoader.Loaded> load(Path file, PrintWriter err) {
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.load(file);
            for (ConfigError w : loaded.warnings()) err.println(w);
            return Optional.of(loaded);
        } catch (ConfigException e) {
            for (ConfigError x : e.errors()) err.println(x);
            err.println(e.errors().stream().filter(x -> !x.warning()).count() + " error(s) in " + file);
            return Optional.empty();
        }
    }

    /**
     * The DCS servers an administrator means by {@code which}: "all", "host:port" or just "host".
     * Empty after saying which servers exist, when none matches.
     */
    static java.util.List<io.marsdcs.config.AppConfig.DcsServer> servers(io.marsdcs.config.AppConfig cfg, String which, PrintWriter err) {
        java.util.List<io.marsdcs.config.AppConfig.DcsServer> found = cfg.dcs().servers().stream()
                .filter(s -> which.equals("all") || s.id().equals(which) || s.host().equals(which)).toList();
        if (found.isEmpty()) {
            err.println("marsdcs: no configured DCS server is '" + which + "'; configured: "
                    + String.join(", ", cfg.dcs().servers().stream().map(io.marsdcs.config.AppConfig.DcsServer::id).toList()));
        }
        return found;
    }
}
