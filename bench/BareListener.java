import io.marsdcs.config.AppConfig;
import io.marsdcs.config.HostPort;
import io.marsdcs.intake.smtp.SmtpIntake;
import io.marsdcs.net.IpLiteral;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * marsdcs's SMTP listener (SubEtha) with a sink that keeps nothing and answers at once: the
 * ceiling the library itself sets, to compare with the real, durable intake.
 *   java -cp target/marsdcs.jar bench/BareListener.java PORT
 */
public class BareListener {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        AppConfig.Smtp cfg = new AppConfig.Smtp(true, new HostPort(IpLiteral.parse("127.0.0.1").orElseThrow(), port),
                List.of(), List.of(), 10 << 20, 1000);
        SmtpIntake.start(cfg, mail -> CompletableFuture.completedFuture(0L), "bench");
        Thread.sleep(Long.MAX_VALUE);
    }
}
