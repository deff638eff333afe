package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.net.IpLiteral;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "What the running appliance is doing: health, queue depths, last mail, DCS servers, and its counters.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<AppConfig> cfg = config.config(spec.commandLine().getErr());
        if (cfg.isEmpty()) return Main.INVALID;
        String host = IpLiteral.format(cfg.get().admin().listen().address());
        if (cfg.get().admin().listen().address().isAnyLocalAddress()) host = "127.0.0.1";
        String base = "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + cfg.get().admin().listen().port();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> health;
        HttpResponse<String> metrics;
        try {
            health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine().getErr().println("marsdcs: nothing answers on " + base + " (admin.listen): is marsdcs running? " + e);
            return Main.FAILURE;
        }
        out.println("health " + base + "/health: " + health.body().strip());
        out.println("counters:");
        metrics.body().lines()
                .filter(l -> l.startsWith("marsdcs_") && !l.startsWith("#"))
                .forEach(l -> out.println("  " + l));
        return health.statusCode() == 200 ? Main.OK : Main.FAILURE;
    }
}
