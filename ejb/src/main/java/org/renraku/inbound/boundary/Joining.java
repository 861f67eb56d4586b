package org.renraku.inbound.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.inbound.control.JoinAddresses;
import org.renraku.members.control.MemberMails;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * How members join a network, as the console's join page and the printed instructions show it: the join
 * address {@code <slug>@<renraku.join-domain>} (the one the inbound reader watches), whether joining is open
 * (and the network active), the join password, and the sending domain of the registration reply.
 */
@Stateless
public class Joining {

    @PersistenceContext
    EntityManager em;

    @Inject
    MemberMails mails;

    @Inject
    AuditLog auditLog;

    @Inject
    @ConfigProperty(name = "renraku.join-domain")
    String joinDomain;

    /** The join details of the network; null when there is no such network. */
    public JoinInfo info(long networkId) {
        List<?> rows = em.createNativeQuery("SELECT slug, name, joining_open, status, join_password FROM networks"
                + " WHERE id = ?").setParameter(1, networkId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = (Object[]) rows.get(0);
        String password = (String) r[4];
        boolean open = Inquiries.truthy(r[2]) && "ACTIVE".equals(r[3]);
        return new JoinInfo((String) r[1], JoinAddresses.address((String) r[0], joinDomain), open,
                password == null || password.isBlank() ? null : password.strip(), mails.sendingDomain(),
                TokenPurpose.MEMBER_REGISTRATION.validity().toHours());
    }

    /** Longest join password (networks.join_password). */
    public static final int PASSWORD_MAX = 64;

    /** Shortest join password an admin may set (shorter ones set before this limit still work). */
    public static final int PASSWORD_MIN = 6;

    /**
     * Opens or closes joining and sets the join password (blank: none). A password is one line of
     * {@value #PASSWORD_MIN} to {@value #PASSWORD_MAX} characters without spaces (the whole first non-empty line
     * of a join mail must be the password; a short one is guessed too easily). Refused with a
     * {@link JoiningException} naming the bundle key.
     */
    public void configure(long networkId, boolean open, String password, String actor, String client) {
        String value = password == null || password.isBlank() ? null : password.strip();
        if (value != null && value.length() > PASSWORD_MAX) {
            throw new JoiningException("join.settings.error.passwordLong");
        }
        if (value != null && value.codePointCount(0, value.length()) < PASSWORD_MIN) {
            throw new JoiningException("join.settings.error.passwordShort");
        }
        if (value != null && value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c))) {
            throw new JoiningException("join.settings.error.passwordSpace");
        }
        int n = em.createNativeQuery("UPDATE networks SET joining_open = ?, join_password = ? WHERE id = ?")
                .setParameter(1, open).setParameter(2, value).setParameter(3, networkId).executeUpdate();
        if (n == 1) {
            auditLog.recordWithin(AuditKind.JOINING_CHANGED, networkId, actor, null,
                    (open ? "open" : "closed") + ", password " + (value == null ? "none" : "set"), client);
        }
    }
}
