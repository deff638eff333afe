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
}
