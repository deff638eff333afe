package io.marsdcs.policy;

import io.marsdcs.net.Cidr;

/** A DCS server's coverage: hosts in {@code network} are cleaned by the server named {@code serverId}. */
public record Route(Cidr network, String serverId) {}
