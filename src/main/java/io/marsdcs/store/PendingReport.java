package io.marsdcs.store;

import io.marsdcs.syslog.MarsReport;

/** A syslog line recorded in the outbox and not yet sent. */
public record PendingReport(long id, MarsReport report) {}
