package io.marsdcs.policy;

import io.marsdcs.net.Cidr;
import java.time.Duration;
import java.util.List;

/**
 * The configuration the policy reads (the guide's Clean_Exception_List, Internal_Network_List,
 * DCS_Server_List, DCS_Cleanup_Params and use_hostname_in_dcs_req), already validated.
 */
public record PolicyRules(List<Cidr> exceptions, List<Cidr> internalNetworks, List<Route> routes,
                          Duration minDamageFreeTime, boolean useHostnameInRequest) {
    public PolicyRules {
        exceptions = List.copyOf(exceptions);
        internalNetworks = List.copyOf(internalNetworks);
        routes = List.copyOf(routes);
    }
}
