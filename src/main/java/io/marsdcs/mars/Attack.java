package io.marsdcs.mars;

/**
 * One event of an incident, reduced to what a cleanup needs: the attacker (the event's Source)
 * and when MARS saw it. {@code time} is MARS's text, kept as given (it travels to the DCS server).
 */
public record Attack(String eventId, String eventType, String time, Attacker attacker) {}
