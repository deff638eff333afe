package io.marsdcs.dcs;

/**
 * What a cleanup request says (WIRE.md): the target by IP or by host name, and where MARS saw it.
 * {@code byName} chooses the {@code host} attribute instead of {@code ip}.
 */
public record CleanupOrder(String requestId, String target, boolean byName, String incidentId, String rule, String eventTime) {}
