package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.AppConfig.DcsServer;
import io.marsdcs.dcs.CallbackServer;
import io.marsdcs.dcs.DcsClient;
import io.marsdcs.dispatch.Dispatcher;
import io.marsdcs.dispatch.HostResolver;
import io.marsdcs.intake.smtp.SmtpIntake;
import io.marsdcs.mars.MarsMailParser;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.store.Store;
import io.marsdcs.syslog.SyslogFormatter;
import io.marsdcs.syslog.SyslogSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running appliance: the store, the dispatcher, the DCS result listener, the syslog sender and
 * the SMTP listener, started in dependency order and stopped in reverse.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Appliance.class);
    static final String VERSION = Optional.ofNullable(Appliance.class.getPackage().getImplementationVersion()).orElse("dev");

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Store store;
    private final Dispatcher dispatcher;
    private final CallbackServer callback;
    private final SmtpIntake smtp;

    private Appliance(Store store, Dispatcher dispatcher, CallbackServer callback, SmtpIntake smtp) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.callback = callback;
        this.smtp = smtp;
    }

    /** Starts everything; on failure, what was started is stopped again and the cause names what failed. */
    public static Appliance start(AppConfig config, HostResolver resolver, Clock clock) throws IOException {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            Store store = Store.open(config.stateDir());
            started.push(store);
            InetSocketAddress marsSyslog = new InetSocketAddress(config.mars().syslogServer(), config.mars().syslogPort());
            SyslogSender syslog = new SyslogSender(marsSyslog);
            started.push(syslog);
            SyslogFormatter formatter = new SyslogFormatter(hostname(config), config.product().marsSyslogName(), config.mars().timeZone());
            DcsClient client = new DcsClient(Duration.ofSeconds(10), VERSION);
            Dispatcher dispatcher = new Dispatcher(config, store, new MarsMailParser(), resolver, client, formatter, syslog, clock);

            // Bind the result port before registering anywhere (the guide's 1.0.2 fix).
            Set<InetAddress> dcsAddresses = dcsAddresses(config);
            CallbackServer callback = CallbackServer.start(config.dcs().listen().socketAddress(), dcsAddresses::contains, dispatcher);
            started.push(callback);
            dispatcher.start(callback.port());
            started.push(dispatcher);

            SmtpIntake smtp = null;
            if (config.smtp().enabled()) {
                smtp = SmtpIntake.start(config.smtp(), dispatcher, hostname(config));
                started.push(smtp);
            }
            Appliance a = new Appliance(store, dispatcher, callback, smtp);
            a.started.addAll(started);
            log.info("marsdcs {} ready: mail on {}, DCS results on port {}, reports to MARS at {}:{}, state in {}", VERSION,
                    smtp == null ? "(smtp disabled)" : config.smtp().listen().address().getHostAddress() + ":" + smtp.port(),
                    callback.port(), IpLiteral.format(config.mars().syslogServer()), config.mars().syslogPort(), store.file());
            return a;
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Addresses results may come from: every configured DCS server, resolved once at start. */
    static Set<InetAddress> dcsAddresses(AppConfig config) {
        Set<InetAddress> out = new HashSet<>();
        for (DcsServer s : config.dcs().servers()) {
            Optional<InetAddress> literal = IpLiteral.parse(s.host());
            if (literal.isPresent()) {
                out.add(literal.get());
                continue;
            }
            try {
                out.addAll(Set.of(InetAddress.getAllByName(s.host())));
            } catch (UnknownHostException e) {
                log.warn("DCS server {} does not resolve: its results will be refused until a restart or reload", s.host());
            }
        }
        return out;
    }

    static String hostname(AppConfig config) {
        if (!config.mars().hostname().isEmpty()) return config.mars().hostname();
        try {
            String h = InetAddress.getLocalHost().getHostName();
            int dot = h.indexOf('.');
            return dot > 0 && IpLiteral.parse(h).isEmpty() ? h.substring(0, dot) : h;
        } catch (UnknownHostException e) {
            return "marsdcs";
        }
    }

    public int smtpPort() {
        return smtp == null ? -1 : smtp.port();
    }

    public int callbackPort() {
        return callback.port();
    }

    public Store store() {
        return store;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public synchronized void close() {
        log.info("marsdcs stopping");
        closeAll(started);
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
