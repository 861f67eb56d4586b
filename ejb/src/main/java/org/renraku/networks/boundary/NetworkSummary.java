package org.renraku.networks.boundary;

import java.io.Serializable;
import java.time.Instant;
import org.renraku.networks.control.Volumes;
import org.renraku.networks.entity.Network;

/**
 * One line of the operator's list of networks: its size, and what it sent and got back (messages accepted in the
 * last 7 and 30 days, bounce and complaint rates of the last 30 days: {@link Volumes}).
 */
public record NetworkSummary(long id, String slug, String name, Network.Status status, Instant createdAt,
                             long admins, long activeMembers, long sentWeek, long sentMonth, double bounceRate,
                             double complaintRate, boolean bounceAlert, boolean complaintAlert)
        implements Serializable {

    public boolean suspended() {
        return status == Network.Status.SUSPENDED;
    }
}
