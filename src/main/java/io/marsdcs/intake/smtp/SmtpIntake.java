package io.marsdcs.intake.smtp;

import io.marsdcs.config.AppConfig;
import io.marsdcs.intake.MailSink;
import io.marsdcs.intake.MessageIds;
import io.marsdcs.net.Cidr;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.store.ReceivedMail;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's own SMTP listener, where MARS (or a relay) delivers incident notifications.
 * Call order per message, as SubEtha drives it: {@code from -> recipient (1..n) -> data -> done}.
 * {@code 250} is answered only when {@code data} returns, and {@code data} returns only after the
 * store has the mail on disk; every refusal's SMTP code is chosen in this class.
 *
 * <p>Security exposure: an open TCP port taking unauthenticated mail; limited to
 * {@code smtp.allowed_clients} and {@code smtp.recipients}, messages capped at
 * {@code smtp.max_message_size}, 100 recipients, 200 connections.
 */
public final class SmtpIntake implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmtpIntake.class);
    private static final long STORE_WAIT_SECONDS = 60;

    private final SMTPServer server;
    private final AppConfig.Smtp listenedWith;
    private final AtomicReference<AppConfig.Smtp> settings;

    private SmtpIntake(SMTPServer server, AppConfig.Smtp listenedWith, AtomicReference<AppConfig.Smtp> settings) {
        this.server = server;
        this.listenedWith = listenedWith;
        this.settings = settings;
    }

    public static SmtpIntake start(AppConfig.Smtp config, MailSink sink, String hostName) throws IOException {
        warnIfOpen(config);
        AtomicReference<AppConfig.Smtp> settings = new AtomicReference<>(config);
        SMTPServer server = SMTPServer.port(config.listen().port())
                .bindAddress(config.listen().address())
                .hostName(hostName)
                .softwareName("marsdcs")
                .maxConnections(200)
                .maxRecipients(100)
                .connectionTimeout(60, TimeUnit.SECONDS)
                // SubEtha's Received header does a reverse DNS lookup per message: intake must not
                // hang on DNS during an outbreak. The store records the peer and the time instead.
                .insertReceivedHeaders(false)
                .sessionHandler(new ClientFilter(settings))
                .messageHandlerFactory(ctx -> new Delivery(ctx, settings.get(), sink))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IOException("cannot listen for mail on " + config.listen() + ": " + rootMessage(e)
                    + " (is another mail server using the port? change smtp.listen)", e);
        }
        return new SmtpIntake(server, config, settings);
    }

    private static void warnIfOpen(AppConfig.Smtp config) {
        if (config.allowedClients().isEmpty()) {
            log.warn("smtp.allowed_clients is empty: any host that reaches {} can submit notifications", config.listen());
        }
    }

    /** Whether {@code next} needs another listening socket (a new address or port), not just new settings. */
    public boolean needsRebind(AppConfig.Smtp next) {
        return !next.listen().equals(listenedWith.listen());
    }

    /** Applies new clients, recipients and size limit from the next session on (a reload). */
    public void update(AppConfig.Smtp next) {
        warnIfOpen(next);
        settings.set(next);
    }

    public int port() {
        return server.getPortAllocated();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return String.valueOf(t.getMessage());
    }

    /**
     * Refuses connections from outside {@code smtp.allowed_clients} before the greeting, then
     * caps each client's concurrent sessions (SubEtha's limiter, told only of sessions it took).
     */
    private static final class ClientFilter implements SessionHandler {
        private final AtomicReference<AppConfig.Smtp> settings;
        private final SessionHandler perClient;
        private final java.util.Set<Session> counted = java.util.concurrent.ConcurrentHashMap.newKeySet();

        ClientFilter(AtomicReference<AppConfig.Smtp> settings) {
            this.settings = settings;
            this.perClient = SessionHandler.limitConcurrentSessionsBySource(settings.get().maxSessionsPerClient());
        }

        @Override
        public SessionAcceptance accept(Session session) {
            List<Cidr> allowed = settings.get().allowedClients();
            InetAddress peer = session.getRemoteAddress().getAddress();
            if (!allowed.isEmpty() && allowed.stream().noneMatch(c -> c.contains(peer))) {
                log.warn("refused SMTP connection from {}: not in smtp.allowed_clients", IpLiteral.format(peer));
                return SessionAcceptance.failure(554, "5.7.1 " + IpLiteral.format(peer) + " may not send mail here");
            }
            SessionAcceptance a = perClient.accept(session);
            if (a.accepted()) {
                counted.add(session);
            } else {
                log.warn("refused SMTP connection from {}: more than {} sessions at once (smtp.max_sessions_per_client)",
                        IpLiteral.format(peer), settings.get().maxSessionsPerClient());
            }
            return a;
        }

        @Override
        public void onSessionEnd(Session session) {
            if (counted.remove(session)) perClient.onSessionEnd(session);
        }
    }

    /** One message's exchange. */
    private static final class Delivery implements MessageHandler {
        private final MessageContext ctx;
        private final AppConfig.Smtp config;
        private final MailSink sink;
        private String from = "";
        private final List<String> recipients = new ArrayList<>();

        Delivery(MessageContext ctx, AppConfig.Smtp config, MailSink sink) {
            this.ctx = ctx;
            this.config = config;
            this.sink = sink;
        }

        @Override
        public void from(String from) {
            this.from = from == null ? "" : from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            String r = recipient == null ? "" : recipient.trim().toLowerCase(Locale.ROOT);
            if (!config.recipients().isEmpty() && config.recipients().stream().noneMatch(x -> x.equalsIgnoreCase(r))) {
                throw new RejectException(550, "5.1.1 <" + r + ">: no such recipient here");
            }
            recipients.add(r);
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            byte[] body = data.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, config.maxMessageSize() + 1));
            String peer = peer();
            if (body.length > config.maxMessageSize()) {
                // Read to the final dot before refusing, or the rest of the message would be taken as commands.
                data.transferTo(OutputStream.nullOutputStream());
                log.warn("refused a mail from {} over smtp.max_message_size ({} bytes)", peer, config.maxMessageSize());
                throw new RejectException(552, "5.3.4 message larger than " + config.maxMessageSize() + " bytes");
            }
            ReceivedMail mail = new ReceivedMail("smtp", peer, from, recipients, MessageIds.of(body), body);
            long id;
            try {
                id = sink.store(mail).get(STORE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                log.error("could not store a mail from {}, answered 451 so it is sent again: {}", peer, cause.toString());
                throw new RejectException(451, "4.3.0 cannot store the message right now, try again later");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectException(451, "4.3.0 shutting down, try again later");
            }
            log.info("mail {} stored from {} ({} bytes, {})", id, peer, body.length,
                    mail.messageId().isEmpty() ? "no Message-ID" : mail.messageId());
            return "2.0.0 stored as " + id;
        }

        @Override
        public void done() {
            // nothing to release: the body was copied into the store
        }

        private String peer() {
            return ctx.getRemoteAddress() instanceof InetSocketAddress a ? IpLiteral.format(a.getAddress()) : String.valueOf(ctx.getRemoteAddress());
        }
    }
}
