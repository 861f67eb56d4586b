package org.renraku.networks.boundary;

import java.io.Serializable;
import java.time.Instant;
import org.renraku.networks.entity.Network;

/** One line of the operator's list of networks. */
public record NetworkSummary(long id, String slug, String name, Network.Status status, Instant createdAt,
                             long admins, long activeMembers) implements Serializable {
}
