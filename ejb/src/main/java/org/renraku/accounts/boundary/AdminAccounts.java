package org.renraku.accounts.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.renraku.accounts.control.AccountMails;
import org.renraku.accounts.control.PasswordHasher;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.accounts.entity.Admin;
import org.renraku.accounts.entity.Operator;
import org.renraku.accounts.entity.UserId;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;
import org.renraku.networks.entity.Network;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.OneTimeToken;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * The admins of a network: invite one (an account without password, and a mail with a link where they set
 * it), the invitee's acceptance, removal, the list.
 * <ul>
 *   <li>User IDs are one namespace with the operators' (the login form asks only for the ID): an ID is
 *       taken when an admin — also a removed one — or an operator has it.</li>
 *   <li>An admin cannot remove themselves, and the last admin who can log in (active, with a password)
 *       is never removed: a network always keeps someone who can manage it. Removals of one network are
 *       serialised on its admin rows, so two admins removing each other at once cannot leave it empty.</li>
 *   <li>A removed admin's console session ends at once (REMOVED) and their open links stop working.</li>
 * </ul>
 * Refusals are {@link AccountException}s carrying a bundle key; mails leave after the commit
 * ({@link org.renraku.mail.control.MailAfterCommit}).
 */
@Stateless
public class AdminAccounts {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    PasswordHasher hasher;

    @Inject
    Tokens tokens;

    @Inject
    AuditLog audit;

    @Inject
    AdminSessions adminSessions;

    @Inject
    AccountMails mails;

    @Inject
    Event<OutgoingMail> mail;

    /**
     * Creates an admin of the network without a password, and mails them a link
     * ({@code /invitation.xhtml?token=…}, valid 7 days) where they set one.
     *
     * @param invitedBy the user ID of the admin or operator who invites (for the audit log and the mail)
     * @throws AccountException (an {@link IllegalArgumentException}) when the user ID is taken or invalid, the
     *                          display name or mail address is invalid, or the network does not exist
     */
    public Admin invite(long networkId, String userId, String displayName, String email, String invitedBy,
                        String clientAddress) {
        String id = userId == null ? null : userId.strip();
        if (!UserId.isValid(id)) {
            throw new AccountException(AccountException.USER_ID_INVALID);
        }
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new AccountException(AccountException.DISPLAY_NAME_INVALID);
        }
        if (!EmailAddress.isValid(email)) {
            throw new AccountException(AccountException.EMAIL_INVALID);
        }
        Network network = em.find(Network.class, networkId);
        if (network == null) {
            throw new AccountException(AccountException.NETWORK_UNKNOWN);
        }
        if (userIdTaken(id)) {
            throw new AccountException(AccountException.USER_ID_TAKEN);
        }
        Instant now = clock.instant();
        Admin admin = new Admin(network, new UserId(id), name, EmailAddress.of(email), now);
        try {
            em.persist(admin);
            em.flush(); // the unique key on user_id: an admin invited at the same moment under the same ID
        } catch (PersistenceException e) {
            throw new AccountException(AccountException.USER_ID_TAKEN);
        }
        String token = tokens.issue(TokenPurpose.ADMIN_INVITATION, networkId, admin.userId());
        // In this transaction: the network may have been created in it (the operator's "new network with its
        // first admin"), and a transaction of its own could not reference it before it commits.
        audit.recordWithin(AuditKind.ADMIN_INVITED, networkId, invitedBy, admin.userId(), admin.email().value(),
                clientAddress);
        mail.fire(mails.invitation(admin, network.name(), nameOf(invitedBy), token,
                now.plus(TokenPurpose.ADMIN_INVITATION.validity())));
        return admin;
    }

    /** Whether an admin (active or removed) or an operator already has this user ID. */
    public boolean userIdTaken(String userId) {
        return !em.createNamedQuery(Admin.BY_USER_ID, Admin.class).setParameter("userId", userId)
                .setMaxResults(1).getResultList().isEmpty()
                || !em.createNamedQuery(Operator.BY_USER_ID, Operator.class).setParameter("userId", userId)
                .setMaxResults(1).getResultList().isEmpty();
    }

    /** Who a still valid invitation link is for, without spending it; empty for an invalid, used or expired link. */
    public Optional<AccountLink> peekInvitation(String token) {
        return tokens.peek(TokenPurpose.ADMIN_INVITATION, token)
                .flatMap(t -> activeAdmin(t.subject()).map(a -> link(a, t)));
    }

    /** {@link #acceptInvitation(String, String, String)} without a client address. */
    public String acceptInvitation(String token, String password) {
        return acceptInvitation(token, password, null);
    }

    /**
     * The invitee sets their first password through the link of the invitation mail; the link is spent.
     *
     * @return the user ID, with which the admin can now log in
     * @throws AccountException when the link is unknown, used or expired ({@code invitation.error.invalidLink}),
     *                          or the password breaks the {@link PasswordPolicy} (the link stays valid)
     */
    public String acceptInvitation(String token, String password, String clientAddress) {
        OneTimeToken spent = tokens.redeem(TokenPurpose.ADMIN_INVITATION, token)
                .orElseThrow(() -> new AccountException(AccountException.INVITATION_INVALID));
        Admin admin = activeAdmin(spent.subject())
                .orElseThrow(() -> new AccountException(AccountException.INVITATION_INVALID));
        PasswordPolicy.check(password, admin.userId()).ifPresent(violation -> {
            throw new AccountException(violation.key()); // rolls back: the link can be used again
        });
        admin.changePasswordHash(hasher.hash(password), now());
        audit.record(AuditKind.ADMIN_ACTIVATED, admin.network().id(), admin.userId(), admin.userId(), null,
                clientAddress);
        return admin.userId();
    }

    /**
     * Removes an admin from their network: their console session ends (REMOVED), the account can no longer
     * log in, their open links stop working. The user ID stays taken.
     *
     * @param byAdminId the admin who removes; must be an active admin of the same network
     * @throws AccountException {@code admins.error.removeSelf}, {@code admins.error.lastAdmin},
     *                          {@code admins.error.notFound}
     */
    public void remove(long adminId, long byAdminId, String clientAddress) {
        if (adminId == byAdminId) {
            throw new AccountException(AccountException.REMOVE_SELF);
        }
        Long networkId = em.createNamedQuery(Admin.NETWORK_OF, Long.class).setParameter("admin", adminId)
                .getResultStream().findFirst()
                .orElseThrow(() -> new AccountException(AccountException.ADMIN_NOT_FOUND));
        // Locks the network's active admins (SELECT … FOR UPDATE): removals in one network happen one by one.
        List<Admin> active = em.createNamedQuery(Admin.ACTIVE_OF_NETWORK, Admin.class)
                .setParameter("network", networkId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        Admin target = active.stream().filter(a -> a.id() == adminId).findFirst()
                .orElseThrow(() -> new AccountException(AccountException.ADMIN_NOT_FOUND));
        Admin by = active.stream().filter(a -> a.id() == byAdminId).findFirst()
                .orElseThrow(() -> new AccountException(AccountException.ADMIN_NOT_FOUND));
        boolean othersCanLogIn = active.stream().anyMatch(a -> a != target && a.hasPassword());
        if (!othersCanLogIn) {
            throw new AccountException(AccountException.LAST_ADMIN);
        }
        adminSessions.endAllOf(target.id(), ReleaseReason.REMOVED);
        target.deactivate();
        tokens.spendAll(TokenPurpose.ADMIN_INVITATION, target.userId());
        tokens.spendAll(TokenPurpose.PASSWORD_RESET, target.userId());
        audit.record(AuditKind.ADMIN_REMOVED, networkId, by.userId(), target.userId(), null, clientAddress);
    }

    /** The active admins of a network (invited ones included), by user ID. */
    public List<Admin> ofNetwork(long networkId) {
        return em.createNamedQuery(Admin.ACTIVE_OF_NETWORK, Admin.class).setParameter("network", networkId)
                .getResultList();
    }

    private Optional<Admin> activeAdmin(String userId) {
        return em.createNamedQuery(Admin.BY_USER_ID, Admin.class).setParameter("userId", userId)
                .getResultStream().filter(Admin::active).findFirst();
    }

    private static AccountLink link(Admin admin, OneTimeToken token) {
        return new AccountLink(admin.userId(), admin.displayName(), admin.network().name(), token.expiresAt());
    }

    /** The display name of an admin or operator, for the invitation mail; the user ID when there is none. */
    private String nameOf(String userId) {
        if (userId == null || userId.isBlank()) {
            return "Renraku";
        }
        return em.createNamedQuery(Admin.BY_USER_ID, Admin.class).setParameter("userId", userId).getResultStream()
                .findFirst().map(Admin::displayName)
                .or(() -> em.createNamedQuery(Operator.BY_USER_ID, Operator.class).setParameter("userId", userId)
                        .getResultStream().findFirst().map(Operator::displayName))
                .orElse(userId);
    }

    /** Password changes are stored to the millisecond (DATETIME(3)); sessions compare the stored value. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
