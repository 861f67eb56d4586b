package org.renraku.web.security;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;

/** The operator using the operator console in this HTTP session; checked by {@link OperatorGuard}. */
@Named
@SessionScoped
public class OperatorSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private Long operatorId;
    private String userId;
    private String displayName;
    private Instant passwordChangedAt;

    public void start(long operatorId, String userId, String displayName, Instant passwordChangedAt) {
        this.operatorId = operatorId;
        this.userId = userId;
        this.displayName = displayName;
        this.passwordChangedAt = passwordChangedAt;
    }

    public void end() {
        operatorId = null;
        userId = null;
        displayName = null;
        passwordChangedAt = null;
    }

    /** This session made the password change of this moment: it stays valid, older sessions do not. */
    public void passwordChanged(Instant changedAt) {
        this.passwordChangedAt = changedAt;
    }

    public boolean isActive() {
        return operatorId != null;
    }

    public Long getOperatorId() { return operatorId; }
    public String getUserId() { return userId; }
    public String getDisplayName() { return displayName; }
    public Instant getPasswordChangedAt() { return passwordChangedAt; }
}
