package org.renraku.web.security;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import org.renraku.adminsession.boundary.Acquisition;

/**
 * Who is using the admin console in this HTTP session: set at login, checked by {@link ConsoleGuard} on every
 * console request, cleared at logout. The lease token is the session's proof that it holds its network's
 * console; it never leaves the server.
 */
@Named
@SessionScoped
public class ConsoleSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private Long adminId;
    private Long networkId;
    private String userId;
    private String displayName;
    private String networkName;
    private String leaseToken;
    private Instant passwordChangedAt;
    private Instant loggedInAt;

    public void start(Acquisition.Granted granted, Instant now) {
        adminId = granted.adminId();
        networkId = granted.networkId();
        userId = granted.userId();
        displayName = granted.displayName();
        networkName = granted.networkName();
        leaseToken = granted.leaseToken();
        passwordChangedAt = granted.passwordChangedAt();
        loggedInAt = now;
    }

    public void end() {
        adminId = null;
        networkId = null;
        userId = null;
        displayName = null;
        networkName = null;
        leaseToken = null;
        passwordChangedAt = null;
        loggedInAt = null;
    }

    public boolean isActive() {
        return leaseToken != null;
    }

    /** After the admin changed their own password in this session: the session stays valid. */
    public void passwordChanged(Instant at) {
        passwordChangedAt = at;
    }

    public Long getAdminId() { return adminId; }
    public Long getNetworkId() { return networkId; }
    public String getUserId() { return userId; }
    public String getDisplayName() { return displayName; }
    public String getNetworkName() { return networkName; }
    public String getLeaseToken() { return leaseToken; }
    public Instant getPasswordChangedAt() { return passwordChangedAt; }
    public Instant getLoggedInAt() { return loggedInAt; }
}
