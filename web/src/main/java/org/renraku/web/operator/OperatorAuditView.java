package org.renraku.web.operator;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditEvent;

/**
 * Service-wide audit events, {@code /operator/audit.xhtml}: operator logins and logouts, notices, and login
 * attempts on user IDs that belong to no network — newest first, {@value #PAGE_SIZE} a page, paged with
 * plain links ({@code ?first=}) so that the page needs no ajax.
 */
@Named
@ViewScoped
public class OperatorAuditView implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int PAGE_SIZE = 50;

    @Inject
    AuditLog audit;

    private int first;
    private List<Row> rows;
    private boolean more;

    /** View action: reads the page that starts at {@link #getFirst()}. */
    public void load() {
        first = Math.max(0, first);
        List<AuditEvent> events = audit.serviceWide(first, PAGE_SIZE + 1);
        more = events.size() > PAGE_SIZE;
        rows = events.stream().limit(PAGE_SIZE).map(Row::of).toList();
    }

    public List<Row> getRows() { return rows; }
    public boolean isMore() { return more; }
    public boolean isPrevious() { return first > 0; }
    public int getNextFirst() { return first + PAGE_SIZE; }
    public int getPreviousFirst() { return Math.max(0, first - PAGE_SIZE); }
    public int getFirst() { return first; }
    public void setFirst(int first) { this.first = first; }

    /** One event as the page shows it (audit entities are not kept in the view state). */
    public record Row(long id, Instant occurredAt, String kind, String actor, String subject, String detail,
                      String clientAddress) implements Serializable {

        static Row of(AuditEvent e) {
            return new Row(e.id(), e.occurredAt(), e.kind().name(), e.actor(), e.subject(), e.detail(),
                    e.clientAddress());
        }
    }
}
