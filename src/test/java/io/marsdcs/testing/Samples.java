package io.marsdcs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample notifications (copied from shared/spec/samples) and the hostile corpus. */
public final class Samples {
    private Samples() {}

    public static byte[] bytes(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream("/" + resource)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] sample(String name) {
        return bytes("samples/" + name);
    }

    /** The sample as MARS would send it again for a new alert: the same body under a new Message-ID. */
    public static byte[] resent(String name, int n) {
        String mail = new String(sample(name), java.nio.charset.StandardCharsets.ISO_8859_1);
        String again = mail.replaceFirst("(?m)^Message-ID: <", "Message-ID: <resent" + n + ".");
        if (again.equals(mail)) throw new IllegalArgumentException(name + " has no Message-ID to change");
        return again.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
