package io.marsdcs.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Dovecot POP3 server for one test: its own config, passwd file and Maildir under a temp
 * folder, one loopback port, run in the foreground and stopped with the test. CI installs Debian's
 * dovecot-pop3d; where it is missing the test is skipped, except under CI, where that fails.
 */
public final class DovecotServer implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    public static final String USER = "dcs_admin";
    public static final String PASSWORD = "s3cret";

    private final Path dir;
    private final Process process;
    public final int port;

    public DovecotServer(Path dir) throws Exception {
        Path binary = Path.of("/usr/sbin/dovecot");
        if (!Files.isExecutable(binary)) {
            if (System.getenv("CI") != null) throw new AssertionError("dovecot is not installed: .ci/run must install dovecot-core dovecot-pop3d");
            Assumptions.abort("dovecot is not installed (apt-get install dovecot-core dovecot-pop3d)");
        }
        this.dir = dir;
        this.port = TestRig.freePort();
        Files.createDirectories(dir.resolve("Maildir/new"));
        Files.createDirectories(dir.resolve("Maildir/cur"));
        Files.createDirectories(dir.resolve("Maildir/tmp"));
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("passwd"), USER + ":{PLAIN}" + PASSWORD + "::::::\n");
        Files.writeString(dir.resolve("dovecot.conf"), """
                protocols = pop3
                listen = 127.0.0.1
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain
                mail_location = maildir:%1$s/Maildir
                pop3_uidl_format = %%08Xu%%08Xv
                default_internal_user = nobody
                default_internal_group = nogroup
                default_login_user = nobody
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/passwd
                }
                userdb {
                  driver = static
                  args = uid=nobody gid=nogroup home=%1$s/home
                }
                service pop3-login {
                  inet_listener pop3 {
                    address = 127.0.0.1
                    port = %2$d
                  }
                }
                """.formatted(dir, port));
        chownToNobody();
        // Dovecot's auth and mail processes run as nobody: they must be able to walk down to these files
        // (JUnit creates its temp folders 0700).
        for (Path p = dir; p != null && p.startsWith(dir.getRoot().resolve("tmp")) && !p.equals(dir.getRoot().resolve("tmp")); p = p.getParent()) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        process = new ProcessBuilder(binary.toString(), "-c", dir.resolve("dovecot.conf").toString(), "-F")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("dovecot did not start: " + Files.readString(dir.resolve("stdout.log"))
                            + (Files.exists(dir.resolve("dovecot.log")) ? Files.readString(dir.resolve("dovecot.log")) : ""));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Drops a mail into the Maildir, as the MTA behind the mailbox would. */
    public void deliver(byte[] mail) throws Exception {
        String name = System.currentTimeMillis() + ".M" + SEQ.incrementAndGet() + ".marsdcs-test";
        Path tmp = dir.resolve("Maildir/tmp/" + name);
        Files.write(tmp, mail);
        Files.move(tmp, dir.resolve("Maildir/new/" + name));
        chownToNobody();
    }

    /** Mails still in the mailbox (new or seen). */
    public long waiting() throws IOException {
        try (var n = Files.list(dir.resolve("Maildir/new")); var c = Files.list(dir.resolve("Maildir/cur"))) {
            return n.count() + c.count();
        }
    }

    private void chownToNobody() throws Exception {
        new ProcessBuilder("chown", "-R", "nobody:nogroup", dir.resolve("Maildir").toString(), dir.resolve("home").toString())
                .redirectErrorStream(true).start().waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
