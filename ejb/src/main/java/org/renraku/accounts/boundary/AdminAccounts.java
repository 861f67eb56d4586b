package org.renraku.accounts.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.accounts.entity.Admin;
import org.renraku.accounts.entity.Operator;
import org.renraku.accounts.entity.UserId;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.mail.boundary.MailNotSent;
import org.renraku.mail.boundary.Mailer;
import org.renraku.members.entity.EmailAddress;
import org.renraku.networks.entity.Network;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * Admin accounts of a network. An invited admin has no password: the invitation mail carries a one-time
 * link ({@code /invitation.xhtml?token=…}, valid for {@link TokenPurpose#ADMIN_INVITATION}) where they set one.
 * <p>
 * Minimal version for the operator console (creating a network with its first admin); the admin
 * management of the console extends it.
 */
@Stateless
public class AdminAccounts {

    @PersistenceContext
    EntityManager em;

    @Inject
    Tokens tokens;

    @Inject
    Mailer mailer;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "renraku.base-url")
    String baseUrl;

    /**
     * Adds an admin without a password to the network and mails them the link to set one. Refused with an
     * {@link AccountException} (and nothing done) when the user ID is malformed or taken by an admin or an
     * operator, the name is empty, the mail address is not one, or the mail cannot be handed to the relay.
     *
     * @param invitedBy user ID of the operator or admin who invites, for the audit log
     */
    public Admin invite(long networkId, String userId, String displayName, String email, String invitedBy,
                        String clientAddress) {
        Network network = em.find(Network.class, networkId);
        if (network == null) {
            throw new AccountException("operator.error.unexpected", "No network " + networkId);
        }
        String id = userId == null ? null : userId.strip();
        if (!UserId.isValid(id)) {
            throw new AccountException("operator.error.userIdInvalid", "Malformed user ID");
        }
        if (displayName == null || displayName.isBlank() || displayName.strip().length() > 100) {
            throw new AccountException("operator.error.adminNameInvalid", "An admin needs a name of 1-100 characters");
        }
        if (!EmailAddress.isValid(email)) {
            throw new AccountException("operator.error.emailInvalid", "Not a mail address");
        }
        if (taken(id)) {
            throw new AccountException("operator.error.userIdTaken", "User ID taken: " + id);
        }
        Admin admin = new Admin(network, new UserId(id), displayName, EmailAddress.of(email), clock.instant());
        try {
            em.persist(admin);
            em.flush(); // a user ID taken a moment ago by someone else fails here, before any mail goes out
        } catch (PersistenceException e) {
            throw new AccountException("operator.error.userIdTaken", "User ID taken: " + id, e);
        }
        String token = tokens.issue(TokenPurpose.ADMIN_INVITATION, networkId, id);
        try {
            mailer.send(admin.email(), "【Renraku】連絡網「" + network.name() + "」の管理者に登録されました",
                    invitationText(network, admin, link(token)));
        } catch (MailNotSent e) {
            throw new AccountException("operator.error.invitationNotSent", e.getMessage(), e);
        }
        // In this transaction: the network may have been created in it, and a transaction of its own could
        // not reference it before it commits.
        audit.recordWithin(AuditKind.ADMIN_INVITED, networkId, invitedBy, id, admin.email().value(), clientAddress);
        return admin;
    }

    private boolean taken(String userId) {
        return !em.createNamedQuery(Admin.BY_USER_ID, Admin.class).setParameter("userId", userId)
                .setMaxResults(1).getResultList().isEmpty()
                || !em.createNamedQuery(Operator.BY_USER_ID, Operator.class).setParameter("userId", userId)
                .setMaxResults(1).getResultList().isEmpty();
    }

    private String link(String token) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/invitation.xhtml?token=" + token;
    }

    private String invitationText(Network network, Admin admin, String link) {
        return admin.displayName() + " 様\n\n"
                + "メール連絡網サービス Renraku で、連絡網「" + network.name() + "」の管理者として登録されました。\n"
                + "次のリンクを開いて、パスワードを設定してください。\n\n"
                + link + "\n\n"
                + "ユーザーID: " + admin.userId() + "\n\n"
                + "リンクは" + TokenPurpose.ADMIN_INVITATION.validity().toDays() + "日間、1回だけ有効です。"
                + "期限が切れた場合は、サービス運営者にご連絡ください。\n"
                + "このメールにお心当たりのない場合は、お手数ですが破棄してください。\n\n"
                + "Renraku メール連絡網\n";
    }
}
