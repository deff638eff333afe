package io.marsdcs.store;

/** This appliance's registration with one DCS server, and the callback it gave ("host:port"). */
public record Registration(String server, String registrationId, String callback) {}
