package org.renraku.accounts.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.renraku.accounts.control.PasswordHasher;
import org.renraku.accounts.entity.Admin;
import org.renraku.accounts.entity.Operator;
import org.renraku.accounts.entity.UserId;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;
import org.renraku.networks.boundary.Networks;
import org.renraku.networks.entity.Network;

/** Operator and admin accounts. Passwords enter here in clear and leave only as hashes. */
@Stateless
public class Accounts {

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @Inject
    Clock clock;

    @Inject
    Networks networks;

    public long operatorCount() {
        return em.createNamedQuery(Operator.COUNT, Long.class).getSingleResult();
    }

    /**
     * First start: the operator account, a demo network and its first admin, in one transaction of its own
     * so that a second instance starting at the same moment fails on the unique keys and changes nothing.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void createInitialAccounts(InitialAccounts initial) {
        Instant now = clock.instant();
        Operator operator = new Operator(new UserId(initial.operatorUser()), initial.operatorUser(),
                hasher.hash(initial.operatorPassword()), now);
        initial.operatorEmail().ifPresent(operator::changeEmail);
        em.persist(operator);
        Network network = networks.create(initial.networkSlug(), initial.networkName());
        Admin admin = new Admin(network, new UserId(initial.adminUser()), initial.adminName(),
                EmailAddress.of(initial.adminEmail()), now);
        admin.changePasswordHash(hasher.hash(initial.adminPassword()), now);
        em.persist(admin);
    }

    public Optional<Admin> adminByUserId(String userId) {
        return em.createNamedQuery(Admin.BY_USER_ID, Admin.class).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    public Optional<Operator> operatorByUserId(String userId) {
        return em.createNamedQuery(Operator.BY_USER_ID, Operator.class).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    /** When the operator's password last changed: sessions opened before then are no longer valid. */
    public Optional<java.time.Instant> operatorPasswordChangedAt(long operatorId) {
        return Optional.ofNullable(em.find(Operator.class, operatorId)).map(Operator::passwordChangedAt);
    }

    /** The mail address that receives the operator's reset links, if one is set. */
    public Optional<EmailAddress> operatorEmail(long operatorId) {
        return Optional.ofNullable(em.find(Operator.class, operatorId)).flatMap(Operator::email);
    }

    /**
     * The admin pressed the console's language switch: their mail (resets, digests, alerts) is written in it from
     * now on, and the console opens in it at their next sign-in. False when there is no such admin.
     */
    public boolean changeAdminLanguage(long adminId, Language language) {
        Admin admin = em.find(Admin.class, adminId);
        if (admin == null) {
            return false;
        }
        admin.changeLanguage(language);
        return true;
    }

    /** The operator pressed the language switch: as {@link #changeAdminLanguage}, for their mail and console. */
    public boolean changeOperatorLanguage(long operatorId, Language language) {
        Operator operator = em.find(Operator.class, operatorId);
        if (operator == null) {
            return false;
        }
        operator.changeLanguage(language);
        return true;
    }

    /** True when the user ID names an active admin whose password is the one given. */
    public boolean adminPasswordMatches(String userId, String password) {
        return adminByUserId(userId).filter(Admin::active)
                .map(a -> hasher.matches(password, a.passwordHash())).orElse(false);
    }

    /**
     * What the first start creates; see {@link org.renraku.platform.boundary.FirstStart}. The operator's mail
     * address (for 「パスワードをお忘れの方」) is optional. Its text form leaves the passwords out, so that no log
     * line or exception message can carry them.
     */
    public record InitialAccounts(String operatorUser, String operatorPassword, Optional<EmailAddress> operatorEmail,
                                  String networkSlug, String networkName, String adminUser, String adminName,
                                  String adminEmail, String adminPassword) {

        public InitialAccounts {
            operatorEmail = operatorEmail == null ? Optional.empty() : operatorEmail;
        }

        @Override
        public String toString() {
            return "InitialAccounts[operatorUser=" + operatorUser + ", operatorEmail="
                    + operatorEmail.map(EmailAddress::value).orElse("(none)") + ", networkSlug=" + networkSlug
                    + ", adminUser=" + adminUser + ", adminEmail=" + adminEmail + ", passwords not shown]";
        }
    }
}
