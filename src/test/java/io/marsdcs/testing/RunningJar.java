package io.marsdcs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged jar run as an administrator runs it, `java -jar target/marsdcs.jar COMMAND`, its output collected. */
public final class RunningJar implements AutoCloseable {
    public static final String JAR = System.getProperty("marsdcs.jar", "target/marsdcs.jar");
    static final Pattern READY = Pattern.compile("ready: mail on [0-9.]+:(\\d+)");

    public final Process process;
    public final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    public RunningJar(String... args) throws IOException {
        this(java.util.Map.of(), args);
    }

    /** With extra environment variables, as systemd would set them. */
    public RunningJar(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", JAR));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        process = pb.start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) output.add(line);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the ready line and returns the SMTP port it names. */
    public int smtpPort() {
        await().atMost(Duration.ofSeconds(30)).until(() -> output.stream().anyMatch(l -> READY.matcher(l).find()));
        for (String l : output) {
            Matcher m = READY.matcher(l);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        throw new AssertionError("never ready: " + output);
    }

    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    /** SIGTERM as systemd sends it. (Process.destroy() would also close our end of the pipe and lose the last lines.) */
    public void terminate() throws IOException, InterruptedException {
        signal("TERM");
    }

    public void hangup() throws IOException, InterruptedException {
        signal("HUP");
    }

    public int waitFor() throws InterruptedException {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited in time; output: %s", output).isTrue();
        reader.join(5000);   // the pipe may still hold the last lines
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
