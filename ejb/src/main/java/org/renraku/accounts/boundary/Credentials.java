package org.renraku.accounts.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
import org.renraku.adminsession.boundary.LeaseState;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.OneTimeToken;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * An admin's or the operator's password: reset by mail (「パスワードをお忘れの方」) and change in the console.
 * <ul>
 *   <li>A reset request names a user ID or a mail address. Whether an account matched is never revealed:
 *       the method returns the same (nothing) either way, and its mail leaves after the commit on a container
 *       thread ({@link org.renraku.mail.boundary.AsyncMailer}), so an existing account does not answer more
 *       slowly. At most {@link #MAX_RESET_MAILS} reset mails per account and validity period.</li>
 *   <li>The link ({@code /reset.xhtml?token=…}) is valid {@code TokenPurpose.PASSWORD_RESET} (30 minutes) and
 *       works once; a new password ends every console session of the admin and spends their other reset
 *       links.</li>
 *   <li>The operator resets the same way, by user ID or by the mail address set on the operator console (or
 *       from {@code renraku.bootstrap.operator-email} on the first start); their link is a reset token without
 *       a network, their sessions end at their next request (OperatorGuard compares the change time) and the
 *       notice goes to the operator's address. An operator without an address gets no mail.</li>
 *   <li>A change in the console needs the current password and keeps only the session that made it.</li>
 *   <li>Every new password is checked against {@link PasswordPolicy} first (refused with its bundle key, the
 *       link stays valid); a notice mail tells the admin that their password changed.</li>
 * </ul>
 */
@Stateless
public class Credentials {

    /** Reset mails per account within one validity period of the link: enough for a lost mail, not for spam. */
    public static final int MAX_RESET_MAILS = 3;

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
     * Mails a reset link to the active admin with this user ID, or to every active admin with this mail address
     * (one person may manage several networks), and likewise to an operator with this user ID or address. Says
     * nothing about whether one exists.
     */
    public void requestReset(String userIdOrEmail, String clientAddress) {
        String wanted = userIdOrEmail == null ? "" : userIdOrEmail.strip();
        for (Operator operator : matchingOperators(wanted)) {
            requestOperatorReset(operator, clientAddress);
        }
        for (Admin admin : matching(wanted)) {
            Long networkId = admin.network().id();
            Instant now = clock.instant();
            TokenPurpose purpose = TokenPurpose.PASSWORD_RESET;
            if (tokens.issuedSince(purpose, admin.userId(), now.minus(purpose.validity())) >= MAX_RESET_MAILS) {
                audit.record(AuditKind.PASSWORD_RESET_REQUESTED, networkId, admin.userId(), admin.userId(),
                        "not sent: " + MAX_RESET_MAILS + " reset mails within " + purpose.validity().toMinutes()
                                + " minutes", clientAddress);
                continue;
            }
            String token = tokens.issue(purpose, networkId, admin.userId());
            audit.record(AuditKind.PASSWORD_RESET_REQUESTED, networkId, admin.userId(), admin.userId(), null,
                    clientAddress);
            mail.fire(mails.reset(admin, admin.network().name(), token, now.plus(purpose.validity())));
        }
    }

    private void requestOperatorReset(Operator operator, String clientAddress) {
        Instant now = clock.instant();
        TokenPurpose purpose = TokenPurpose.PASSWORD_RESET;
        if (operator.email().isEmpty()) {
            audit.record(AuditKind.PASSWORD_RESET_REQUESTED, null, operator.userId(), operator.userId(),
                    "not sent: the operator has no mail address", clientAddress);
            return;
        }
        if (tokens.issuedSince(purpose, operator.userId(), now.minus(purpose.validity())) >= MAX_RESET_MAILS) {
            audit.record(AuditKind.PASSWORD_RESET_REQUESTED, null, operator.userId(), operator.userId(),
                    "not sent: " + MAX_RESET_MAILS + " reset mails within " + purpose.validity().toMinutes()
                            + " minutes", clientAddress);
            return;
        }
        // no network: that is what tells an operator's reset link from an admin's
        String token = tokens.issue(purpose, null, operator.userId());
        audit.record(AuditKind.PASSWORD_RESET_REQUESTED, null, operator.userId(), operator.userId(), null,
                clientAddress);
        mail.fire(mails.operatorReset(operator, token, now.plus(purpose.validity())));
    }

    /**
     * Whom a still valid reset link is for, without spending it; empty for an unknown, used or expired link. An
     * operator's link has no network name.
     */
    public Optional<AccountLink> peekReset(String token) {
        return tokens.peek(TokenPurpose.PASSWORD_RESET, token).flatMap(t -> t.networkId() == null
                ? operator(t.subject()).map(operator ->
                        new AccountLink(operator.userId(), operator.displayName(), null, t.expiresAt()))
                : activeAdmin(t.subject()).map(admin ->
                        new AccountLink(admin.userId(), admin.displayName(), admin.network().name(), t.expiresAt())));
    }

    /**
     * Sets a new password through a reset link and spends it; every console session of the admin ends.
     *
     * @return the user ID, with which the admin can now log in
     * @throws AccountException {@code reset.error.invalidLink} for an unknown, used or expired link; a
     *                          {@code password.policy.error.*} key when the password breaks the policy (the link
     *                          stays valid)
     */
    public String resetWithToken(String token, String newPassword, String clientAddress) {
        OneTimeToken spent = tokens.redeem(TokenPurpose.PASSWORD_RESET, token)
                .orElseThrow(() -> new AccountException(AccountException.RESET_INVALID));
        if (spent.networkId() == null) {
            return resetOperator(spent.subject(), newPassword, clientAddress);
        }
        Admin admin = activeAdmin(spent.subject())
                .orElseThrow(() -> new AccountException(AccountException.RESET_INVALID));
        requireAcceptable(newPassword, admin); // a refusal rolls back: the link can be used again
        Instant now = now();
        admin.changePasswordHash(hasher.hash(newPassword), now);
        tokens.spendAll(TokenPurpose.PASSWORD_RESET, admin.userId());
        adminSessions.endAllOf(admin.id(), ReleaseReason.PASSWORD_CHANGED);
        audit.record(AuditKind.PASSWORD_RESET, admin.network().id(), admin.userId(), admin.userId(), null,
                clientAddress);
        mail.fire(mails.passwordChanged(admin, admin.network().name(), now, true));
        return admin.userId();
    }

    private String resetOperator(String userId, String newPassword, String clientAddress) {
        Operator operator = operator(userId).orElseThrow(() -> new AccountException(AccountException.RESET_INVALID));
        requireAcceptable(newPassword, operator.userId()); // a refusal rolls back: the link can be used again
        Instant now = now();
        operator.changePasswordHash(hasher.hash(newPassword), now); // OperatorGuard ends the other sessions
        tokens.spendAll(TokenPurpose.PASSWORD_RESET, operator.userId());
        audit.record(AuditKind.PASSWORD_RESET, null, operator.userId(), operator.userId(), null, clientAddress);
        operator.email().ifPresent(address -> mail.fire(mails.operatorPasswordChanged(operator, now, true)));
        return operator.userId();
    }

    /**
     * The admin changes their own password in the console. Their other sessions end; the one holding
     * {@code leaseToken} stays valid once it remembers the returned moment (ConsoleSession.passwordChanged).
     *
     * @return the new {@code password_changed_at}, as stored
     * @throws AccountException {@code password.error.currentWrong}, {@code password.error.sameAsCurrent}, a
     *                          {@code password.policy.error.*} key, or {@code admins.error.notFound} when the
     *                          session does not hold the console for this admin
     */
    public Instant changeOwn(long adminId, String leaseToken, String current, String next, String clientAddress) {
        Admin admin = em.find(Admin.class, adminId);
        if (admin == null || !admin.active()
                || !(adminSessions.check(leaseToken) instanceof LeaseState.Active lease && lease.adminId() == adminId)) {
            throw new AccountException(AccountException.ADMIN_NOT_FOUND);
        }
        if (!hasher.matches(current, admin.passwordHash())) {
            throw new AccountException(AccountException.CURRENT_PASSWORD_WRONG);
        }
        if (next != null && next.equals(current)) {
            throw new AccountException(AccountException.SAME_PASSWORD);
        }
        requireAcceptable(next, admin);
        Instant now = now();
        admin.changePasswordHash(hasher.hash(next), now);
        tokens.spendAll(TokenPurpose.PASSWORD_RESET, admin.userId());
        adminSessions.endAllOfExcept(adminId, ReleaseReason.PASSWORD_CHANGED, leaseToken);
        audit.record(AuditKind.PASSWORD_CHANGED, admin.network().id(), admin.userId(), admin.userId(), null,
                clientAddress);
        mail.fire(mails.passwordChanged(admin, admin.network().name(), now, false));
        return now;
    }

    /**
     * The operator changes their own password on the operator console (current + new). Their other sessions end
     * when they next make a request (OperatorGuard compares the change time); the session that made the change
     * stays valid once it remembers the returned moment.
     *
     * @return the new {@code password_changed_at}, as stored
     * @throws AccountException {@code password.error.currentWrong}, {@code password.error.sameAsCurrent}, a
     *                          {@code password.policy.error.*} key, or {@code admins.error.notFound} for an unknown
     *                          operator
     */
    public Instant changeOperatorOwn(long operatorId, String current, String next, String clientAddress) {
        Operator operator = em.find(Operator.class, operatorId);
        if (operator == null) {
            throw new AccountException(AccountException.ADMIN_NOT_FOUND);
        }
        if (!hasher.matches(current, operator.passwordHash())) {
            throw new AccountException(AccountException.CURRENT_PASSWORD_WRONG);
        }
        if (next != null && next.equals(current)) {
            throw new AccountException(AccountException.SAME_PASSWORD);
        }
        requireAcceptable(next, operator.userId());
        Instant now = now();
        operator.changePasswordHash(hasher.hash(next), now);
        tokens.spendAll(TokenPurpose.PASSWORD_RESET, operator.userId());
        audit.record(AuditKind.PASSWORD_CHANGED, null, operator.userId(), operator.userId(), null, clientAddress);
        operator.email().ifPresent(address -> mail.fire(mails.operatorPasswordChanged(operator, now, false)));
        return now;
    }

    /**
     * The operator sets, changes or removes (blank) the mail address that receives their reset links, proving
     * it is them with their current password: whoever holds a forgotten open session cannot redirect the reset
     * mail to themselves. The former address is told (audited as {@code OPERATOR_EMAIL_CHANGED}; the detail says
     * set, changed or removed, never an address).
     *
     * @return the address now set, empty when removed
     * @throws AccountException {@code password.error.currentWrong}, {@code admins.error.emailInvalid}, or
     *                          {@code admins.error.notFound} for an unknown operator
     */
    public Optional<EmailAddress> changeOperatorEmail(long operatorId, String current, String newEmail,
                                                      String clientAddress) {
        Operator operator = em.find(Operator.class, operatorId);
        if (operator == null) {
            throw new AccountException(AccountException.ADMIN_NOT_FOUND);
        }
        if (!hasher.matches(current, operator.passwordHash())) {
            throw new AccountException(AccountException.CURRENT_PASSWORD_WRONG);
        }
        String wanted = newEmail == null ? "" : newEmail.strip();
        if (!wanted.isEmpty() && (wanted.length() > 254 || !EmailAddress.isValid(wanted))) {
            throw new AccountException(AccountException.EMAIL_INVALID);
        }
        Optional<EmailAddress> former = operator.email();
        Optional<EmailAddress> next = wanted.isEmpty() ? Optional.empty() : Optional.of(EmailAddress.of(wanted));
        if (former.equals(next)) {
            return next;
        }
        operator.changeEmail(next.orElse(null));
        Instant now = now();
        tokens.spendAll(TokenPurpose.PASSWORD_RESET, operator.userId()); // links sent to the former address
        audit.record(AuditKind.OPERATOR_EMAIL_CHANGED, null, operator.userId(), operator.userId(),
                former.isEmpty() ? "set" : next.isEmpty() ? "removed" : "changed", clientAddress);
        former.ifPresent(address -> mail.fire(mails.operatorEmailChanged(operator, address, now, next.isEmpty())));
        return next;
    }

    private List<Admin> matching(String userIdOrEmail) {
        if (userIdOrEmail.contains("@")) {
            if (!EmailAddress.isValid(userIdOrEmail)) {
                return List.of();
            }
            return em.createNamedQuery(Admin.ACTIVE_BY_EMAIL, Admin.class)
                    .setParameter("email", EmailAddress.of(userIdOrEmail).value()).setMaxResults(20).getResultList();
        }
        if (!UserId.isValid(userIdOrEmail)) {
            return List.of();
        }
        return activeAdmin(userIdOrEmail).stream().toList();
    }

    private List<Operator> matchingOperators(String userIdOrEmail) {
        if (userIdOrEmail.contains("@")) {
            if (!EmailAddress.isValid(userIdOrEmail)) {
                return List.of();
            }
            return em.createNamedQuery(Operator.BY_EMAIL, Operator.class)
                    .setParameter("email", EmailAddress.of(userIdOrEmail).value()).setMaxResults(20).getResultList();
        }
        if (!UserId.isValid(userIdOrEmail)) {
            return List.of();
        }
        return operator(userIdOrEmail).stream().toList();
    }

    private Optional<Operator> operator(String userId) {
        return em.createNamedQuery(Operator.BY_USER_ID, Operator.class).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    private Optional<Admin> activeAdmin(String userId) {
        return em.createNamedQuery(Admin.BY_USER_ID, Admin.class).setParameter("userId", userId)
                .getResultStream().filter(Admin::active).findFirst();
    }

    private static void requireAcceptable(String password, Admin admin) {
        requireAcceptable(password, admin.userId());
    }

    private static void requireAcceptable(String password, String userId) {
        PasswordPolicy.check(password, userId).ifPresent(violation -> {
            throw new AccountException(violation.key());
        });
    }

    /** Password changes are stored to the millisecond (DATETIME(3)); sessions compare the stored value. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
