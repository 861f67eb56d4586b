package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AdminAccounts;
import org.renraku.accounts.entity.Admin;
import org.renraku.tokens.entity.TokenPurpose;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/admins.xhtml}: the admins of the signed-in admin's network, the invitation of another one,
 * and removal with a confirmation step (the page asks 「削除しますか?」 before anything happens). The
 * network is always the session's own; the rules (not oneself, never the last admin) are the boundary's.
 */
@Named
@ViewScoped
public class AdminsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    AdminAccounts adminAccounts;

    private List<Row> admins;
    private String displayName;
    private String userId;
    private String email;
    private Row removal;

    /** One admin as the list shows it (no entity in the view state). */
    public static final class Row implements Serializable {

        private static final long serialVersionUID = 1L;
        private final long id;
        private final String userId;
        private final String displayName;
        private final String email;
        private final boolean invited;
        private final boolean self;
        private final Instant createdAt;

        Row(Admin admin, long selfId) {
            this.id = admin.id();
            this.userId = admin.userId();
            this.displayName = admin.displayName();
            this.email = admin.email().value();
            this.invited = !admin.hasPassword();
            this.self = admin.id() == selfId;
            this.createdAt = admin.createdAt();
        }

        public long getId() { return id; }
        public String getUserId() { return userId; }
        public String getDisplayName() { return displayName; }
        public String getEmail() { return email; }
        public boolean isInvited() { return invited; }
        public boolean isSelf() { return self; }
        public Instant getCreatedAt() { return createdAt; }
    }

    @PostConstruct
    void load() {
        long self = console.getAdminId();
        admins = adminAccounts.ofNetwork(console.getNetworkId()).stream().map(a -> new Row(a, self)).toList();
    }

    public String invite() {
        try {
            adminAccounts.invite(console.getNetworkId(), userId, displayName, email, console.getUserId(), client());
        } catch (AccountException refused) {
            Messages.add(fieldOf(refused.key()), FacesMessage.SEVERITY_ERROR, refused.key());
            return null;
        }
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "admins.invited", displayName, email);
        displayName = null;
        userId = null;
        email = null;
        removal = null;
        load();
        return null;
    }

    /** First step of a removal: the page asks for confirmation. */
    public String askRemoval(long adminId) {
        removal = admins.stream().filter(row -> row.getId() == adminId && !row.isSelf()).findFirst().orElse(null);
        return null;
    }

    public String cancelRemoval() {
        removal = null;
        return null;
    }

    /** Second step: the admin confirmed. */
    public String remove() {
        Row confirmed = removal;
        removal = null;
        if (confirmed == null) {
            return null;
        }
        try {
            adminAccounts.remove(confirmed.getId(), console.getAdminId(), client());
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "admins.removed", confirmed.getDisplayName());
        } catch (AccountException refused) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key());
        }
        load();
        return null;
    }

    private static String fieldOf(String key) {
        return switch (key) {
            case AccountException.USER_ID_INVALID, AccountException.USER_ID_TAKEN -> "invite:userId";
            case AccountException.DISPLAY_NAME_INVALID -> "invite:displayName";
            case AccountException.EMAIL_INVALID -> "invite:email";
            default -> null;
        };
    }

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public List<Row> getAdmins() { return admins; }
    public Row getRemoval() { return removal; }
    public boolean isRemovalPending() { return removal != null; }
    public long getInvitationDays() { return TokenPurpose.ADMIN_INVITATION.validity().toDays(); }

    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName == null ? null : displayName.strip(); }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId == null ? null : userId.strip(); }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email == null ? null : email.strip(); }
}
