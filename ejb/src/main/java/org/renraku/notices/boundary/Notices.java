package org.renraku.notices.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.notices.entity.Notice;

/** The operator's notices on the login page. */
@Stateless
public class Notices {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    /** Notices shown now, newest first (at most 20). */
    public List<Notice> current() {
        return em.createNamedQuery(Notice.SHOWN_AT, Notice.class).setParameter("now", clock.instant())
                .setMaxResults(20).getResultList();
    }

    public List<Notice> all() {
        return em.createNamedQuery(Notice.ALL, Notice.class).setMaxResults(500).getResultList();
    }

    public Notice post(String title, String body, Notice.Severity severity, Instant shownFrom, Instant shownUntil,
                       long operatorId, String operatorUserId, String clientAddress) {
        Notice notice = new Notice(title, body, severity, shownFrom, shownUntil, operatorId, clock.instant());
        em.persist(notice);
        audit.record(AuditKind.NOTICE_POSTED, null, operatorUserId, null, notice.title(), clientAddress);
        return notice;
    }

    public void withdraw(long noticeId, String operatorUserId, String clientAddress) {
        Optional.ofNullable(em.find(Notice.class, noticeId)).ifPresent(notice -> {
            notice.withdraw(clock.instant());
            audit.record(AuditKind.NOTICE_WITHDRAWN, null, operatorUserId, null, notice.title(), clientAddress);
        });
    }
}
