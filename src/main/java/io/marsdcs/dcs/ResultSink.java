package io.marsdcs.dcs;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/** Where the callback listener hands a result; the future completes once it is durably recorded. */
@FunctionalInterface
public interface ResultSink {
    CompletableFuture<Void> accept(CleanupResult result, InetAddress from);
}
