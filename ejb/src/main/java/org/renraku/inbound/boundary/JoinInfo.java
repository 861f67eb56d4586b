package org.renraku.inbound.boundary;

import java.io.Serializable;

/**
 * What a network's join instructions (入会案内) tell: where to send the blank mail, whether joining is open,
 * the join password (null when none is set), the domain phones must allow (指定受信) and how long the
 * registration link in the reply stays valid.
 */
public record JoinInfo(String networkName, String address, boolean open, String password, String sendingDomain,
                       long linkHours) implements Serializable {

    /** {@code mailto:<join address>}: what the QR code holds. */
    public String mailto() {
        return "mailto:" + address;
    }

    public boolean hasPassword() {
        return password != null;
    }
}
