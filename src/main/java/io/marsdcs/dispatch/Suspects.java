package io.marsdcs.dispatch;

import io.marsdcs.mars.Attack;
import io.marsdcs.mars.Incident;
import io.marsdcs.mars.Notification;
import io.marsdcs.policy.Suspect;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every event source of a notification, as the policy's suspects; names resolved through {@code resolver}. */
public final class Suspects {
    private Suspects() {}

    public static List<Suspect> of(Notification n, HostResolver resolver) {
        List<Suspect> out = new ArrayList<>();
        for (Incident i : n.incidents()) {
            for (Attack a : i.attacks()) {
                Optional<InetAddress> ip = a.attacker().address();
                if (ip.isEmpty() && !a.attacker().name().isEmpty()) ip = resolver.resolve(a.attacker().name());
                out.add(new Suspect(ip, a.attacker().name(), i.id(), i.ruleName(), a.time()));
            }
        }
        return out;
    }
}
