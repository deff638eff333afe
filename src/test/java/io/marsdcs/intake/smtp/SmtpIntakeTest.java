package io.marsdcs.intake.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.HostPort;
import io.marsdcs.intake.MailSink;
import io.marsdcs.net.Cidr;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.store.Store;
import io.marsdcs.store.StoredMessage;
import io.marsdcs.testing.Samples;
import io.marsdcs.testing.SmtpSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpIntakeTest {
    static final byte[] MAIL = Samples.sample("incident-13725095.eml");

    @TempDir
    Path dir;

    static AppConfig.Smtp smtp(List<String> allowed, List<String> recipients, long maxSize) {
        return new AppConfig.Smtp(true, new HostPort(IpLiteral.parse("127.0.0.1").orElseThrow(), 0),
                allowed.stream().map(c -> Cidr.parse(c).orElseThrow()).toList(), recipients, maxSize, 20);
    }

    static MailSink into(Store store) {
        return mail -> store.write(tx -> tx.insertMessage(mail, Instant.now()));
    }

    @Test
    void a_mail_is_stored_then_answered_250() throws Exception {
        try (Store store = Store.open(dir);
             SmtpIntake smtp = SmtpIntake.start(smtp(List.of("127.0.0.0/8"), List.of("dcs@testzone.local"), 10 << 20), into(store), "test")) {
            assertThat(SmtpSession.send(smtp.port(), "DCS@testzone.local", MAIL)).startsWith("250");
            List<StoredMessage> stored = store.read(tx -> tx.messagesToDispatch(10));
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).messageId()).isEqualTo("<13725095.1175817302@mars-lc1.apszone.local>");
            assertThat(new String(stored.get(0).body())).contains("CS-MARS-Incident-13725095.xml");
        }
    }

    @Test
    void the_250_waits_for_the_store() throws Exception {
        AtomicBoolean durable = new AtomicBoolean();
        MailSink slow = mail -> CompletableFuture.supplyAsync(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);
            durable.set(true);   // set before completing: a 250 seen earlier would find it false
            return 7L;
        });
        try (SmtpIntake smtp = SmtpIntake.start(smtp(List.of(), List.of(), 10 << 20), slow, "test")) {
            String reply = SmtpSession.send(smtp.port(), "dcs@x", MAIL);
            assertThat(reply).startsWith("250").contains("stored as 7");
            assertThat(durable).isTrue();
        }
    }

    @Test
    void a_client_outside_allowed_clients_is_refused_at_the_greeting() throws Exception {
        try (SmtpIntake smtp = SmtpIntake.start(smtp(List.of("10.0.0.0/8"), List.of(), 10 << 20), m -> CompletableFuture.completedFuture(1L), "test");
             SmtpSession s = new SmtpSession(smtp.port())) {
            assertThat(s.greeting).startsWith("554 5.7.1 127.0.0.1 may not send mail here");
        }
    }

    @Test
    void an_unknown_recipient_is_refused() throws Exception {
        try (SmtpIntake smtp = SmtpIntake.start(smtp(List.of(), List.of("dcs@testzone.local"), 10 << 20), m -> CompletableFuture.completedFuture(1L), "test")) {
            assertThat(SmtpSession.send(smtp.port(), "someone@testzone.local", MAIL)).startsWith("550 5.1.1");
        }
    }

    @Test
    void a_mail_over_max_message_size_is_refused_552_and_the_session_goes_on() throws Exception {
        AtomicBoolean stored = new AtomicBoolean();
        MailSink sink = m -> {
            stored.set(true);
            return CompletableFuture.completedFuture(1L);
        };
        try (SmtpIntake smtp = SmtpIntake.start(smtp(List.of(), List.of(), 1024), sink, "test");
             SmtpSession s = new SmtpSession(smtp.port())) {
            s.command("EHLO t");
            s.command("MAIL FROM:<a@b>");
            s.command("RCPT TO:<dcs@x>");
            assertThat(s.data(MAIL)).startsWith("552 5.3.4");
            assertThat(stored).isFalse();
            assertThat(s.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void a_store_failure_answers_451_so_mars_sends_again() throws Exception {
        Store store = Store.open(dir);
        store.close();   // every write now fails, as on a full or broken disk
        try (SmtpIntake smtp = SmtpIntake.start(smtp(List.of(), List.of(), 10 << 20), into(store), "test")) {
            assertThat(SmtpSession.send(smtp.port(), "dcs@x", MAIL)).startsWith("451 4.3.0");
        }
    }

    @Test
    void a_taken_port_is_named_in_the_error() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, IpLiteral.parse("127.0.0.1").orElseThrow())) {
            AppConfig.Smtp cfg = new AppConfig.Smtp(true, new HostPort(IpLiteral.parse("127.0.0.1").orElseThrow(), taken.getLocalPort()),
                    List.of(), List.of(), 1024, 20);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmtpIntake.start(cfg, m -> null, "test"))
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort()).hasMessageContaining("smtp.listen");
        }
    }


    @Test
    void a_client_gets_a_bounded_number_of_sessions_and_others_still_get_in() throws Exception {
        AppConfig.Smtp cfg = new AppConfig.Smtp(true, new HostPort(IpLiteral.parse("127.0.0.1").orElseThrow(), 0),
                List.of(), List.of(), 10 << 20, 3);
        try (SmtpIntake smtp = SmtpIntake.start(cfg, m -> CompletableFuture.completedFuture(1L), "test")) {
            List<SmtpSession> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    SmtpSession s = new SmtpSession(smtp.port());
                    open.add(s);
                    assertThat(s.greeting).startsWith("220");
                }
                try (SmtpSession fourth = new SmtpSession(smtp.port())) {
                    assertThat(fourth.greeting).startsWith("421");
                }
            } finally {
                for (SmtpSession s : open) s.close();
            }
            // the sessions ended: the client is welcome again
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
                try (SmtpSession again = new SmtpSession(smtp.port())) {
                    return again.greeting.startsWith("220");
                }
            });
        }
    }

    @Test
    void an_endless_command_line_does_not_stop_the_listener() throws Exception {
        try (SmtpIntake smtp = SmtpIntake.start(smtp(List.of(), List.of(), 10 << 20), m -> CompletableFuture.completedFuture(1L), "test")) {
            try (SmtpSession s = new SmtpSession(smtp.port())) {
                String reply;
                try {
                    reply = s.command("EHLO " + "x".repeat(200_000));
                } catch (java.io.IOException closed) {
                    reply = "closed: " + closed.getMessage();
                }
                assertThat(reply).doesNotStartWith("250");
            }
            assertThat(SmtpSession.send(smtp.port(), "dcs@x", MAIL)).startsWith("250");
        }
    }
}
