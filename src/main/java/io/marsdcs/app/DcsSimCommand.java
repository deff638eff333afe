package io.marsdcs.app;

import io.marsdcs.config.ConfigLoader;
import io.marsdcs.dcs.DcsSimulator;
import io.marsdcs.dcs.DcsStatus;
import io.marsdcs.net.IpLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "dcs-sim", description = "A DCS server simulator speaking the WIRE.md protocol, for demos and tests.")
final class DcsSimCommand implements Callable<Integer> {
    @Option(names = "--listen", required = true, paramLabel = "ADDR:PORT", description = "e.g. 127.0.0.1:18080")
    String listen;

    @Option(names = "--outcome", paramLabel = "TARGET=STATUS",
            description = "scripted result for one IP or host name, e.g. 10.10.0.21=LOGIN_FAILURE (repeatable); statuses: ${COMPLETION-CANDIDATES}")
    Map<String, DcsStatus> outcomes = new LinkedHashMap<>();

    @Option(names = "--default", paramLabel = "STATUS", description = "result for every other target (default: ${DEFAULT-VALUE})")
    DcsStatus defaultOutcome = DcsStatus.CLEANUP_SUCCESS;

    @Option(names = "--delay", paramLabel = "DURATION", description = "time from request to result (default: ${DEFAULT-VALUE})")
    String delay = "2s";

    @Option(names = "--resend", paramLabel = "DURATION", description = "interval between result resends until acknowledged (default: ${DEFAULT-VALUE})")
    String resend = "3s";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress addr = socket(listen).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "--listen '" + listen + "' must be ADDRESS:PORT, e.g. 127.0.0.1:18080"));
        Duration d = duration("--delay", delay);
        Duration r = duration("--resend", resend);
        DcsSimulator sim = new DcsSimulator(addr, outcomes, defaultOutcome, d, r, line -> System.out.println("dcs-sim: " + line));
        System.out.println("dcs-sim: listening on " + listen + " (default outcome " + defaultOutcome + ", scripted " + outcomes + ")");
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        forever.await();
        return Main.OK;
    }

    private Duration duration(String option, String text) {
        return ConfigLoader.parseDuration(text).orElseThrow(() ->
                new ParameterException(spec.commandLine(), option + " '" + text + "' needs a unit: 500ms, 2s, 1m"));
    }

    static Optional<InetSocketAddress> socket(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) return Optional.empty();
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        Optional<InetAddress> a = IpLiteral.parse(host);
        String port = text.substring(colon + 1);
        if (a.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) return Optional.empty();
        return Optional.of(new InetSocketAddress(a.get(), Integer.parseInt(port)));
    }
}
