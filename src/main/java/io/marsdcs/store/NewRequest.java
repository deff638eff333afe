package io.marsdcs.store;

/** A cleanup request to create; the store assigns its id ({@code <incident>-<sequence>}). */
public record NewRequest(long message, String incident, String rule, String eventTime,
                         String host, String target, String server) {}
