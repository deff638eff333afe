package io.marsdcs.intake.pop3;

import io.marsdcs.config.AppConfig;
import io.marsdcs.intake.MailSink;
import io.marsdcs.intake.MessageIds;
import io.marsdcs.store.ReceivedMail;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback input (the guide's section 11): polls the mailbox MARS mails, every
 * {@code pop3.check_interval}, on its own thread so SMTP never waits for it. A mail is marked for
 * deletion only after the store has it on disk, and POP3 deletes only at a clean QUIT: a crash or
 * a dropped connection before that leaves the mail on the server, and the store recognises it as
 * a duplicate when it comes again.
 *
 * <p>Security exposure: outgoing connections only, to {@code pop3.server}; the password is sent
 * in the clear unless {@code security} is starttls or tls.
 */
public final class Pop3Intake implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pop3Intake.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int MAX_PER_POLL = 100;
    private static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

    private final AppConfig.Pop3 config;
    private final String password;
    private final MailSink sink;
    private final Thread thread;
    private volatile boolean running = true;
    private int failures;

    /** Not polling yet: {@link #start} starts the thread; tests call {@link #poll} directly. */
    Pop3Intake(AppConfig.Pop3 config, String password, MailSink sink) {
        this.config = config;
        this.password = password;
        this.sink = sink;
        this.thread = new Thread(this::loop, "pop3-poller");
        this.thread.setDaemon(true);
    }

    /** Starts polling; a password file that cannot be read is an error now, not at the first poll. */
    public static Pop3Intake start(AppConfig.Pop3 config, MailSink sink) throws IOException {
        String password = config.password();
        if (config.passwordFile().isPresent()) {
            try {
                password = Files.readString(config.passwordFile().get(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IOException("cannot read pop3.password_file " + config.passwordFile().get() + ": " + e.getMessage(), e);
            }
        }
        Pop3Intake intake = new Pop3Intake(config, password, sink);
        intake.thread.start();
        log.info("polling POP3 mailbox {}@{}:{} ({}) every {} ms", config.username(), config.server(), config.port(),
                config.security(), config.checkInterval().toMillis());
        return intake;
    }

    private void loop() {
        while (running) {
            Duration wait = config.checkInterval();
            try {
                int taken = poll();
                if (failures > 0) log.info("POP3 mailbox {}:{} reachable again", config.server(), config.port());
                failures = 0;
                if (taken > 0) log.info("took {} mail(s) from the POP3 mailbox", taken);
            } catch (PollFailure e) {
                failures++;
                wait = backoff();
                log.warn("POP3 poll of {}:{} failed: {}; next try in {} s", config.server(), config.port(), e.getMessage(), wait.toSeconds());
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Duration backoff() {
        long base = Math.max(config.checkInterval().toMillis(), 1000);
        long ms = Math.min(MAX_BACKOFF.toMillis(), base << Math.min(failures, 16));
        return Duration.ofMillis(ms);
    }

    /** Why a poll failed, in words an administrator can act on. */
    static final class PollFailure extends Exception {
        PollFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One session: take every mail (up to 100), store each, mark it deleted, QUIT. Returns how many were stored. */
    int poll() throws PollFailure {
        Store store = null;
        Folder inbox = null;
        int stored = 0;
        boolean storeFailed = false;
        try {
            store = Session.getInstance(properties()).getStore(protocol());
            store.connect(config.server(), config.port(), config.username(), password);
            inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] messages = inbox.getMessages();
            for (int i = 0; i < Math.min(messages.length, MAX_PER_POLL) && running; i++) {
                Message m = messages[i];
                if (m.getSize() > MAX_MESSAGE_BYTES) {
                    log.error("POP3 message {} is {} bytes, over {}: left on the server for a person to look at", i + 1, m.getSize(), MAX_MESSAGE_BYTES);
                    continue;
                }
                ByteArrayOutputStream raw = new ByteArrayOutputStream(Math.max(m.getSize(), 1024));
                m.writeTo(raw);
                byte[] body = raw.toByteArray();
                ReceivedMail mail = new ReceivedMail("pop3", config.server(), "", List.of(config.username()), MessageIds.of(body), body);
                try {
                    long id = sink.store(mail).get(60, TimeUnit.SECONDS);
                    m.setFlag(Flags.Flag.DELETED, true);   // takes effect at QUIT, after the store's commit
                    stored++;
                    log.info("mail {} stored from POP3 {} ({} bytes, {})", id, config.server(), body.length,
                            mail.messageId().isEmpty() ? "no Message-ID" : mail.messageId());
                } catch (ExecutionException | TimeoutException e) {
                    storeFailed = true;
                    throw new PollFailure("could not store a mail (" + (e instanceof ExecutionException ? e.getCause() : e)
                            + "): it stays on the server", e);
                }
            }
            return stored;
        } catch (AuthenticationFailedException e) {
            String said = String.valueOf(e.getMessage()).strip();
            if (said.contains("STLS")) {
                throw new PollFailure("the server does not offer STARTTLS (pop3.security: starttls); the password was not sent: " + said, e);
            }
            // RFC 3206 codes: [SYS/TEMP] is the server's own trouble, not a wrong password.
            String hint = said.contains("[SYS/") || said.contains("[IN-USE]") ? "the server could not check the login right now"
                    : "check pop3.username and the password";
            throw new PollFailure("login refused for " + config.username() + " (" + hint + "): " + said, e);
        } catch (MessagingException e) {
            throw new PollFailure(describe(e), e);
        } catch (IOException e) {
            throw new PollFailure("connection broke while reading a mail (" + e.getMessage() + "): nothing was deleted", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailure("interrupted", e);
        } finally {
            // Expunge (QUIT with the DELEs) only after a poll that stored what it marked; otherwise
            // close without it, so a message whose store failed is not deleted with the others.
            close(inbox, !storeFailed);
            close(store);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        String proto = protocol();
        long timeoutMs = 30_000;
        p.put("mail." + proto + ".connectiontimeout", String.valueOf(timeoutMs));
        p.put("mail." + proto + ".timeout", String.valueOf(timeoutMs));
        p.put("mail." + proto + ".writetimeout", String.valueOf(timeoutMs));
        if (config.security().equals("starttls")) {
            p.put("mail.pop3.starttls.enable", "true");
            p.put("mail.pop3.starttls.required", "true");
        }
        if (!config.security().equals("none")) p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        return p;
    }

    private String protocol() {
        return config.security().equals("tls") ? "pop3s" : "pop3";
    }

    /** The most telling cause in the chain, in an administrator's words. */
    private static String describe(MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) {
                return "TLS failed (" + t.getMessage() + "): is the server's certificate trusted by this Java runtime?";
            }
            if (t instanceof java.net.ConnectException) return "server not reachable (" + t.getMessage() + ")";
            if (t instanceof java.net.SocketTimeoutException) return "server did not answer in time";
            if (t instanceof java.net.UnknownHostException) return "server name does not resolve (" + t.getMessage() + ")";
        }
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
    }

    private static void close(Folder f, boolean expunge) {
        if (f == null || !f.isOpen()) return;
        try {
            f.close(expunge);
        } catch (MessagingException e) {
            log.warn("closing the POP3 mailbox: {} (nothing was deleted)", e.getMessage());
        }
    }

    private static void close(Store s) {
        if (s == null) return;
        try {
            s.close();
        } catch (MessagingException e) {
            log.debug("closing the POP3 connection: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
