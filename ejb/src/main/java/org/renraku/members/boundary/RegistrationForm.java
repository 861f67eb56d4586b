package org.renraku.members.boundary;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the registration page needs for a link that still works (checked without spending it): the network, the
 * address the link was sent to, and for a 代行登録 the name and values the admin entered.
 */
public record RegistrationForm(long networkId, String networkName, String email, String name,
                               Map<Long, List<String>> attributes, Instant expiresAt) implements Serializable {
}
