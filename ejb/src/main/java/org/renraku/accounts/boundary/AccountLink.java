package org.renraku.accounts.boundary;

import java.io.Serializable;
import java.time.Instant;

/**
 * Whom a still valid link from a mail (password reset, invitation) is for: what its page shows above the
 * form. Holds no secret.
 */
public record AccountLink(String userId, String displayName, String networkName, Instant expiresAt)
        implements Serializable {
}
