package io.marsdcs.intake.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.marsdcs.config.AppConfig;
import io.marsdcs.intake.MailSink;
import io.marsdcs.store.ReceivedMail;
import io.marsdcs.store.Store;
import io.marsdcs.testing.Samples;
import io.marsdcs.testing.TestRig;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pop3IntakeTest {
    @TempDir
    Path dir;

    GreenMail mailbox;
    GreenMailUser user;
    int port;

    @BeforeEach
    void mailbox() throws Exception {
        port = TestRig.freePort();
        mailbox = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_POP3));
        mailbox.start();
        user = mailbox.setUser("dcs@testzone.local", "dcs_admin", "secret");
    }

    @AfterEach
    void stop() {
        mailbox.stop();
    }

    AppConfig.Pop3 config(String password) {
        return new AppConfig.Pop3(true, "127.0.0.1", port, "none", "dcs_admin", password, Optional.empty(), Duration.ofMillis(200));
    }

    void deliver(byte[] mail) throws Exception {
        user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mail)));
    }

    int onServer() throws Exception {
        return mailbox.getManagers().getImapHostManager().getInbox(user).getMessageCount();
    }

    static MailSink into(Store store) {
        return mail -> store.write(tx -> tx.insertMessage(mail, Instant.now()));
    }

    @Test
    void a_mail_is_stored_then_deleted_from_the_server() throws Exception {
        deliver(Samples.sample("incident-13725095.eml"));
        deliver(Samples.sample("incident-13725311-gzip.eml"));
        try (Store store = Store.open(dir)) {
            Pop3Intake intake = new Pop3Intake(config("secret"), "secret", into(store));
            assertThat(intake.poll()).isEqualTo(2);
            assertThat(onServer()).isZero();
            List<String> ids = store.read(tx -> tx.messagesToDispatch(10)).stream().map(m -> m.messageId()).toList();
            assertThat(ids).containsExactly("<13725095.1175817302@mars-lc1.apszone.local>", "<13725311.1175817302@mars-lc1.apszone.local>");
            assertThat(store.read(tx -> tx.messagesToDispatch(10)).get(0).via()).isEqualTo("pop3");
        }
    }

    @Test
    void a_mail_the_store_could_not_take_stays_on_the_server() throws Exception {
        deliver(Samples.sample("incident-13725095.eml"));
        MailSink broken = mail -> CompletableFuture.failedFuture(new IllegalStateException("disk full"));
        assertThatThrownBy(() -> new Pop3Intake(config("secret"), "secret", broken).poll())
                .hasMessageContaining("could not store a mail").hasMessageContaining("disk full").hasMessageContaining("stays on the server");
        assertThat(onServer()).isEqualTo(1);
    }

    @Test
    void a_crash_between_store_and_dele_is_recognised_as_a_duplicate() throws Exception {
        byte[] sample = Samples.sample("incident-13725095.eml");
        deliver(sample);
        try (Store store = Store.open(dir)) {
            // the earlier poll stored it, then died before QUIT: the mail is still on the server
            store.write(tx -> tx.insertMessage(new ReceivedMail("pop3", "127.0.0.1", "", List.of(), "<13725095.1175817302@mars-lc1.apszone.local>", sample),
                    Instant.now())).join();
            assertThat(new Pop3Intake(config("secret"), "secret", into(store)).poll()).isEqualTo(1);
            assertThat(onServer()).isZero();
            Map<String, Long> counts = store.read(tx -> tx.messageCounts());
            assertThat(counts).isEqualTo(Map.of("received", 1L, "duplicate", 1L));
        }
    }

    @Test
    void a_refused_login_is_named_and_retried_until_it_works() throws Exception {
        deliver(Samples.sample("incident-13725095.eml"));
        assertThatThrownBy(() -> new Pop3Intake(config("wrong"), "wrong", m -> null).poll())
                .hasMessageContaining("login refused for dcs_admin");

        mailbox.getUserManager().deleteUser(user);
        AtomicInteger stored = new AtomicInteger();
        try (Pop3Intake running = Pop3Intake.start(config("secret"), m -> {
            stored.incrementAndGet();
            return CompletableFuture.completedFuture(1L);
        })) {
            Thread.sleep(700);   // a few refused polls
            assertThat(stored).hasValue(0);
            user = mailbox.setUser("dcs@testzone.local", "dcs_admin", "secret");
            deliver(Samples.sample("incident-13725095.eml"));
            await().atMost(Duration.ofSeconds(15)).until(() -> stored.get() == 1);
        }
    }

    @Test
    void a_server_that_is_down_is_named_and_polled_again_when_back() throws Exception {
        mailbox.stop();
        assertThatThrownBy(() -> new Pop3Intake(config("secret"), "secret", m -> null).poll())
                .hasMessageContaining("server not reachable");
        AtomicInteger stored = new AtomicInteger();
        try (Pop3Intake running = Pop3Intake.start(config("secret"), m -> {
            stored.incrementAndGet();
            return CompletableFuture.completedFuture(1L);
        })) {
            Thread.sleep(500);
            mailbox = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_POP3));
            mailbox.start();
            user = mailbox.setUser("dcs@testzone.local", "dcs_admin", "secret");
            deliver(Samples.sample("incident-13725095.eml"));
            await().atMost(Duration.ofSeconds(15)).until(() -> stored.get() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> onServer() == 0);
        }
    }

    @Test
    void a_connection_dropped_mid_fetch_deletes_nothing() throws Exception {
        try (FakePop3Server fake = new FakePop3Server(Samples.sample("incident-13725095.eml"))) {
            AppConfig.Pop3 cfg = new AppConfig.Pop3(true, "127.0.0.1", fake.port(), "none", "dcs_admin", "secret", Optional.empty(), Duration.ofSeconds(1));
            AtomicInteger stored = new AtomicInteger();
            assertThatThrownBy(() -> new Pop3Intake(cfg, "secret", m -> {
                stored.incrementAndGet();
                return CompletableFuture.completedFuture(1L);
            }).poll()).isInstanceOf(Pop3Intake.PollFailure.class);
            assertThat(stored).hasValue(0);
            assertThat(fake.commands()).anyMatch(c -> c.startsWith("RETR")).noneMatch(c -> c.startsWith("DELE"));
        }
    }

    @Test
    void the_password_can_come_from_a_file() throws Exception {
        deliver(Samples.sample("incident-13725095.eml"));
        Path secret = dir.resolve("pop3.secret");
        Files.writeString(secret, "secret\n");
        AppConfig.Pop3 cfg = new AppConfig.Pop3(true, "127.0.0.1", port, "none", "dcs_admin", "", Optional.of(secret), Duration.ofMillis(200));
        AtomicInteger stored = new AtomicInteger();
        try (Pop3Intake running = Pop3Intake.start(cfg, m -> {
            stored.incrementAndGet();
            return CompletableFuture.completedFuture(1L);
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stored.get() == 1);
        }
        AppConfig.Pop3 missing = new AppConfig.Pop3(true, "127.0.0.1", port, "none", "dcs_admin", "", Optional.of(dir.resolve("nope")), Duration.ofMillis(200));
        assertThatThrownBy(() -> Pop3Intake.start(missing, m -> null)).hasMessageContaining("cannot read pop3.password_file");
    }

    @Test
    void tls_refuses_a_server_whose_certificate_is_not_trusted() throws Exception {
        int tlsPort = TestRig.freePort();
        GreenMail pop3s = new GreenMail(new ServerSetup(tlsPort, "127.0.0.1", ServerSetup.PROTOCOL_POP3S));
        pop3s.start();
        try {
            pop3s.setUser("dcs@testzone.local", "dcs_admin", "secret");
            AppConfig.Pop3 cfg = new AppConfig.Pop3(true, "127.0.0.1", tlsPort, "tls", "dcs_admin", "secret", Optional.empty(), Duration.ofSeconds(1));
            assertThatThrownBy(() -> new Pop3Intake(cfg, "secret", m -> null).poll()).hasMessageContaining("TLS failed");
        } finally {
            pop3s.stop();
        }
    }

    @Test
    void starttls_never_falls_back_to_sending_the_password_in_the_clear() throws Exception {
        deliver(Samples.sample("incident-13725095.eml"));
        AppConfig.Pop3 cfg = new AppConfig.Pop3(true, "127.0.0.1", port, "starttls", "dcs_admin", "secret", Optional.empty(), Duration.ofSeconds(1));
        assertThatThrownBy(() -> new Pop3Intake(cfg, "secret", m -> null).poll()).hasMessageContaining("STARTTLS");
        assertThat(onServer()).isEqualTo(1);
    }
}
