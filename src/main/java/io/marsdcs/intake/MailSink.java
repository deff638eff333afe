package io.marsdcs.intake;

import io.marsdcs.store.ReceivedMail;
import java.util.concurrent.CompletableFuture;

/**
 * Where an intake puts a mail. The future completes with the stored message's id once the mail is
 * on disk; only then may the intake acknowledge (SMTP 250, POP3 DELE). Implementations also wake
 * the dispatcher.
 */
@FunctionalInterface
public interface MailSink {
    CompletableFuture<Long> store(ReceivedMail mail);
}
