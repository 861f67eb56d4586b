package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.notices.boundary.Notices;
import org.renraku.notices.entity.Notice;
import org.renraku.notices.entity.Notice.Severity;

/**
 * The operator's notices on the login page: a notice is shown during its window only, current notices come
 * newest first, and a withdrawn notice is no longer shown. Each test posts notices of its own (unique titles)
 * and looks only at those, as other tests may have posted some too.
 */
@ExtendWith(ArquillianExtension.class)
class NoticesIT {

    private static final Duration HOUR = Duration.ofHours(1);

    @Inject
    Notices notices;

    @Inject
    Accounts accounts;

    @Inject
    AuditLog auditLog;

    @Test
    void postedNoticeShouldBeCurrentWithinItsWindowOnly() {
        Instant now = Instant.now();

        Notice shown = post("shown", Severity.WARNING, now.minus(HOUR), now.plus(HOUR));
        Notice scheduled = post("scheduled", Severity.INFO, now.plus(HOUR), null);
        Notice ended = post("ended", Severity.INFO, now.minus(HOUR.multipliedBy(2)), now.minus(HOUR));
        Notice openEnded = post("open-ended", Severity.CRITICAL, now.minus(Duration.ofMinutes(1)), null);

        List<Long> current = ids(notices.current());
        assertThat(current).contains(shown.id(), openEnded.id()).doesNotContain(scheduled.id(), ended.id());
        assertThat(ids(notices.all())).contains(shown.id(), scheduled.id(), ended.id(), openEnded.id());
    }

    @Test
    void currentNoticesShouldComeNewestFirst() {
        Instant now = Instant.now();
        Notice older = post("older", Severity.INFO, now.minus(Duration.ofMinutes(30)), null);
        Notice newer = post("newer", Severity.INFO, now.minus(Duration.ofMinutes(10)), null);
        Notice newest = post("newest", Severity.INFO, now.minus(Duration.ofMinutes(5)), now.plus(HOUR));

        List<Long> mine = ids(notices.current()).stream()
                .filter(id -> List.of(older.id(), newer.id(), newest.id()).contains(id)).toList();
        assertThat(mine).containsExactly(newest.id(), newer.id(), older.id());
    }

    @Test
    void withdrawnNoticeShouldNoLongerBeShown() {
        Notice notice = post("withdrawn", Severity.WARNING, null, null); // shown from now, until withdrawn
        assertThat(ids(notices.current())).contains(notice.id());

        notices.withdraw(notice.id(), "operator", "192.0.2.10");

        assertThat(ids(notices.current())).doesNotContain(notice.id());
        Notice kept = notices.all().stream().filter(n -> n.id().equals(notice.id())).findFirst().orElseThrow();
        assertThat(kept.shownUntil()).as("the notice is kept, with the moment it stopped").isNotNull()
                .isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void postingAndWithdrawingShouldBeAuditedServiceWide() {
        Notice notice = post("audited", Severity.INFO, null, null);
        notices.withdraw(notice.id(), "operator", "192.0.2.11");

        assertThat(auditLog.serviceWide(0, 100)).filteredOn(e -> notice.title().equals(e.detail()))
                .extracting(e -> e.kind())
                .containsExactly(AuditKind.NOTICE_WITHDRAWN, AuditKind.NOTICE_POSTED);
    }

    private Notice post(String what, Severity severity, Instant from, Instant until) {
        String title = "NoticesIT " + what + " " + UUID.randomUUID().toString().substring(0, 8);
        long operatorId = accounts.operatorByUserId("operator").orElseThrow().id();
        Notice notice = notices.post(title, "本文\n2行目", severity, from, until, operatorId, "operator", "192.0.2.10");
        assertThat(notice.id()).isNotNull();
        return notice;
    }

    private static List<Long> ids(List<Notice> list) {
        return list.stream().map(Notice::id).toList();
    }
}
